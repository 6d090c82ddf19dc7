import type { LeaderboardFilter } from '../../records.ts'
import { foldText } from '../fold.ts'

export type { LeaderboardFilter }

/**
 * The leaderboard's filters as SQL over `account_scores s JOIN accounts a`, for the API and
 * the pages alike. Text is compared folded by the one rule of store/fold.ts: industry against
 * its stored, indexed fold; topics (kept in JSON) through the same fold as a SQL function.
 * `more` adds clauses of the caller's own (a cursor, a search).
 */
export function scoreFilterSql(
  filters: LeaderboardFilter,
  more: (add: (clause: string, ...values: (string | number)[]) => void) => void = () => {},
): { sql: string; params: (string | number)[] } {
  const where: string[] = []
  const params: (string | number)[] = []
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause)
    params.push(...values)
  }
  if (filters.labels?.length)
    add(`s.label IN (${filters.labels.map(() => '?').join(', ')})`, ...filters.labels)
  if (filters.stage) add('s.stage = ?', filters.stage)
  if (filters.minScore !== undefined) add('s.score >= ?', filters.minScore)
  if (filters.industry) add('a.industry_folded = ?', foldText(filters.industry))
  if (filters.country) add('a.country = ?', filters.country.toUpperCase())
  if (filters.topic)
    add(
      'EXISTS (SELECT 1 FROM json_each(s.surging_topics) t WHERE fold_text(t.value) = ?)',
      foldText(filters.topic),
    )
  more(add)
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params }
}
