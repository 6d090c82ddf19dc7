/** The leaderboard's filters, as SQL over `account_scores s JOIN accounts a`. */
export interface ScoreFilters {
  label?: string
  /** Any of these labels (the pages' "warm and hot"); an empty list is no filter. */
  labels?: readonly string[]
  stage?: string
  topic?: string
  industry?: string
  country?: string
  minScore?: number
}

/**
 * WHERE clauses for the filters, and their parameters; `fold` names the SQL function that
 * makes text comparisons case-insensitive (`lower` folds ASCII only). `more` adds clauses of
 * the caller's own (a cursor, a search).
 */
export function scoreFilterSql(
  filters: ScoreFilters,
  fold: 'lower' | 'pages_fold',
  more: (add: (clause: string, ...values: (string | number)[]) => void) => void = () => {},
): { sql: string; params: (string | number)[] } {
  const where: string[] = []
  const params: (string | number)[] = []
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause)
    params.push(...values)
  }
  if (filters.label) add('s.label = ?', filters.label)
  if (filters.labels?.length)
    add(`s.label IN (${filters.labels.map(() => '?').join(', ')})`, ...filters.labels)
  if (filters.stage) add('s.stage = ?', filters.stage)
  if (filters.minScore !== undefined) add('s.score >= ?', filters.minScore)
  if (filters.industry) add(`${fold}(a.industry) = ${fold}(?)`, filters.industry)
  if (filters.country) add('a.country = upper(?)', filters.country)
  if (filters.topic)
    add(
      `EXISTS (SELECT 1 FROM json_each(s.surging_topics) t WHERE ${fold}(t.value) = ${fold}(?))`,
      filters.topic,
    )
  more(add)
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params }
}
