import type { ScoringConfig } from './config.ts'
import { type Lookalike, lookalikeFit } from './lookalike.ts'
import { industryKey, sizeBand } from './segments.ts'

import type { FitGrade } from '../vocabulary.ts'

export type { FitGrade }

/**
 * Where a fit grade comes from: the configured ideal customer profile, the lookalike of won
 * accounts the active model learned, or nothing (no profile and no won deals yet).
 */
export type FitBasis = 'profile' | 'lookalike' | null

export interface Fit {
  /** 0–100: the share of the profile's criteria met, or the lookalike percentile; null: not configured. */
  score: number | null
  grade: FitGrade | null
  matched: string[]
  missed: string[]
  basis: FitBasis
}

export interface Firmographics {
  industry: string | null
  employees: number | null
  country: string | null
  technologies: string[]
}

const lower = (values: string[]) => values.map((value) => value.trim().toLowerCase())

/** Grades follow 6sense's profile-fit bands: A 75+, B 50–74, C 25–49, D below. */
export function gradeOf(score: number): FitGrade {
  if (score >= 75) return 'A'
  if (score >= 50) return 'B'
  if (score >= 25) return 'C'
  return 'D'
}

export const NO_FIT: Fit = { score: null, grade: null, matched: [], missed: [], basis: null }

/**
 * The account's fit: against the ideal customer profile when one is configured, else as a
 * lookalike of the won accounts (when the active model learned one), else none: an
 * unconfigured service must not call every account an A.
 */
export function firmographicFit(
  account: Firmographics,
  config: ScoringConfig,
  lookalike?: Lookalike | null,
): Fit {
  const profile = profileFit(account, config)
  if (profile) return profile
  if (lookalike) {
    const { score, matched, missed } = lookalikeFit(lookalike, account)
    return { score, grade: gradeOf(score), matched, missed, basis: 'lookalike' }
  }
  return NO_FIT
}

function profileFit(account: Firmographics, config: ScoringConfig): Fit | null {
  const { icp } = config
  const criteria: [string, string[], boolean][] = [
    ['industry', icp.industries, lower(icp.industries).includes(industryKey(account.industry))],
    ['size', icp.sizeBands, icp.sizeBands.includes(sizeBand(account.employees))],
    [
      'country',
      icp.countries,
      lower(icp.countries).includes((account.country ?? '').toLowerCase()),
    ],
    [
      'technologies',
      icp.technologies,
      lower(account.technologies).some((tech) => lower(icp.technologies).includes(tech)),
    ],
  ]
  const used = criteria.filter(([, wanted]) => wanted.length > 0)
  if (used.length === 0) return null
  const matched = used.filter(([, , met]) => met).map(([name]) => name)
  const missed = used.filter(([, , met]) => !met).map(([name]) => name)
  const score = Math.round((100 * matched.length) / used.length)
  return { score, grade: gradeOf(score), matched, missed, basis: 'profile' }
}
