import { industryKey, sizeBand } from './segments.ts'
import type { ScoringConfig } from './config.ts'

export type FitGrade = 'A' | 'B' | 'C' | 'D'

export interface Fit {
  /** 0–100: the share of the ideal-customer-profile criteria the account meets. */
  score: number
  grade: FitGrade
  matched: string[]
  missed: string[]
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

export function firmographicFit(account: Firmographics, config: ScoringConfig): Fit {
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
  const matched = used.filter(([, , met]) => met).map(([name]) => name)
  const missed = used.filter(([, , met]) => !met).map(([name]) => name)
  const score = used.length === 0 ? 100 : Math.round((100 * matched.length) / used.length)
  return { score, grade: gradeOf(score), matched, missed }
}
