import { z } from 'zod'
import { levelKey } from './feature-record.ts'
import type { Firmographics } from './fit.ts'
import { industryKey, sizeBand } from './segments.ts'

/**
 * A lookalike of the won accounts' firmographics, for the fit grade when no ideal customer
 * profile is configured: for each criterion, how much more (or less) common each level is
 * among won accounts than in the whole book, as a log-likelihood ratio (naive Bayes, as
 * Odoo's predictive scoring does). An account's similarity is the sum over its levels, graded
 * by where it falls among the book's accounts.
 */
export const LOOKALIKE_CRITERIA = ['industry', 'size', 'country', 'technologies'] as const
export type LookalikeCriterion = (typeof LOOKALIKE_CRITERIA)[number]

export const lookalikeSchema = z.object({
  wonAccounts: z.number().int(),
  bookAccounts: z.number().int(),
  criteria: z.record(z.enum(LOOKALIKE_CRITERIA), z.record(z.string(), z.number())),
  /** Percentiles 0, 1, …, 100 of the similarity over the book. */
  percentiles: z.array(z.number()).length(101),
})
export type Lookalike = z.infer<typeof lookalikeSchema>

/** Fewer won accounts than this make no lookalike: a handful of deals is not a profile. */
export const MIN_WON_ACCOUNTS = 10
/** A level needs this many accounts in the book to carry evidence. */
const MIN_LEVEL_ACCOUNTS = 5
/** Pseudo-counts pulling a level's share among won accounts toward its share in the book. */
const PRIOR_STRENGTH = 5
/** A criterion matches when its level is this much more common among won accounts (and misses when less). */
const MATCH_RATIO = Math.log(1.25)

function levelsOf(account: Firmographics, criterion: LookalikeCriterion): string[] {
  switch (criterion) {
    case 'industry':
      return account.industry === null ? [] : [industryKey(account.industry)]
    case 'size':
      return account.employees === null ? [] : [sizeBand(account.employees)]
    case 'country':
      return account.country === null ? [] : [account.country.toUpperCase()]
    case 'technologies':
      return [...new Set(account.technologies.map(levelKey))]
  }
}

export function learnLookalike(
  book: { domain: string; firmographics: Firmographics }[],
  won: ReadonlySet<string>,
): Lookalike | null {
  const wonAccounts = book.filter((account) => won.has(account.domain))
  if (wonAccounts.length < MIN_WON_ACCOUNTS) return null
  const criteria = {} as Lookalike['criteria']
  for (const criterion of LOOKALIKE_CRITERIA) {
    const inBook = new Map<string, number>()
    const inWon = new Map<string, number>()
    for (const account of book)
      for (const level of levelsOf(account.firmographics, criterion)) {
        inBook.set(level, (inBook.get(level) ?? 0) + 1)
        if (won.has(account.domain)) inWon.set(level, (inWon.get(level) ?? 0) + 1)
      }
    const ratios: Record<string, number> = {}
    for (const [level, count] of inBook) {
      if (count < MIN_LEVEL_ACCOUNTS) continue
      const bookShare = count / book.length
      const wonShare =
        ((inWon.get(level) ?? 0) + PRIOR_STRENGTH * bookShare) /
        (wonAccounts.length + PRIOR_STRENGTH)
      ratios[level] = Math.round(Math.log(wonShare / bookShare) * 1e4) / 1e4
    }
    criteria[criterion] = ratios
  }
  const partial = { criteria }
  const similarities = book
    .map((account) => similarity(partial, account.firmographics).total)
    .sort((a, b) => a - b)
  const percentiles = Array.from({ length: 101 }, (_, p) => {
    const index = Math.min(
      similarities.length - 1,
      Math.round((p / 100) * (similarities.length - 1)),
    )
    return similarities[index]!
  })
  return { wonAccounts: wonAccounts.length, bookAccounts: book.length, criteria, percentiles }
}

function similarity(
  lookalike: Pick<Lookalike, 'criteria'>,
  account: Firmographics,
): { total: number; byCriterion: Map<LookalikeCriterion, number> } {
  const byCriterion = new Map<LookalikeCriterion, number>()
  let total = 0
  for (const criterion of LOOKALIKE_CRITERIA) {
    const ratios = lookalike.criteria[criterion] ?? {}
    const known = levelsOf(account, criterion).filter((level) => level in ratios)
    if (known.length === 0) continue
    // Technologies: the strongest one speaks for the set, so a long stack does not win by length.
    const value =
      criterion === 'technologies'
        ? Math.max(...known.map((level) => ratios[level]!))
        : ratios[known[0]!]!
    byCriterion.set(criterion, value)
    total += value
  }
  return { total, byCriterion }
}

/** Score 0–100: the share of the book this account is more similar to won accounts than. */
export function lookalikeFit(
  lookalike: Lookalike,
  account: Firmographics,
): { score: number; matched: string[]; missed: string[] } {
  const { total, byCriterion } = similarity(lookalike, account)
  let below = 0
  while (below < 100 && lookalike.percentiles[below + 1]! <= total) below++
  const matched: string[] = []
  const missed: string[] = []
  for (const [criterion, value] of byCriterion) {
    if (value >= MATCH_RATIO) matched.push(criterion)
    else if (value <= -MATCH_RATIO) missed.push(criterion)
  }
  return { score: below, matched, missed }
}
