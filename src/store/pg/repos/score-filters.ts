import { foldText } from '../../fold.ts'
import type { LeaderboardFilter } from '../../repos/score-filters.ts'

/**
 * PostgreSQL's SQL for the RULES of store/repos/score-filters.ts (the in-memory test stays
 * there, `filterTest`, and is what these clauses are held equal to: test/store/engines/
 * score-filters.test.ts). JSON lists and objects are kept as text and read as jsonb here.
 *
 * Text is folded by `lower()` under the database's C.UTF-8 ctype, which maps every Unicode
 * letter one to one; the parameters are folded in JavaScript (`foldText`). The two agree on
 * every letter but the few whose full lower case differs from the simple one ('İ' and a final
 * 'Σ'): see the report of issue 23.
 */

type Field = keyof LeaderboardFilter

/** A clause with `?` for each value, in order, and no other `?` (numbered `$n` by `pgScoreFilterSql`). */
type Clause<F extends Field> = (value: NonNullable<LeaderboardFilter[F]>) => [string, ...unknown[]]

const jsonHas =
  (column: string): Clause<'topic' | 'category' | 'technology'> =>
  (wanted) => [
    `EXISTS (SELECT 1 FROM jsonb_array_elements_text(${column}::jsonb) t(v) WHERE lower(t.v) = ?)`,
    foldText(wanted),
  ]

/**
 * SQLite's ATTRIBUTE_TEXT: a string folded, a whole number within 2^53 in its digits, true or
 * false; anything else (object, list, fraction, null, a non-object document) is NULL.
 */
const ATTRIBUTE_TEXT = `(SELECT CASE jsonb_typeof(t.v)
     WHEN 'string' THEN lower(t.v #>> '{}')
     WHEN 'number' THEN CASE WHEN t.v::text ~ '^-{0,1}[0-9]+$'
       AND abs((t.v::text)::numeric) <= 9007199254740991 THEN t.v::text END
     WHEN 'boolean' THEN t.v::text END
   FROM jsonb_each(CASE WHEN jsonb_typeof(a.attributes::jsonb) = 'object'
     THEN a.attributes::jsonb ELSE '{}'::jsonb END) t(k, v) WHERE t.k = ?::text)`

/** Every rule's clause, in the order of RULES (the order clauses are written in). */
const PG_RULES: { [F in Field]-?: Clause<F> } = {
  labels: (labels) => ['s.label = ANY(?::text[])', [...labels]],
  stage: (stage) => ['s.stage = ?::text', stage],
  minScore: (min) => ['s.score >= ?::double precision', min],
  industry: (industry) => ['a.industry_folded = ?::text', foldText(industry)],
  country: (country) => ['a.country = ?::text', country.toUpperCase()],
  topic: jsonHas('s.surging_topics'),
  category: jsonHas('s.surging_categories'),
  fitGrade: (grade) => ['s.fit_grade = ?::text', grade],
  minEmployees: (min) => ['a.employees >= ?::double precision', min],
  maxEmployees: (max) => ['a.employees <= ?::double precision', max],
  minRevenue: (min) => ['a.revenue >= ?::double precision', min],
  maxRevenue: (max) => ['a.revenue <= ?::double precision', max],
  technology: jsonHas('a.technologies'),
  minCoverage: (min) => ['s.committee_coverage >= ?::double precision', min],
  attribute: ({ name, value }) => [`${ATTRIBUTE_TEXT} = ?::text`, name, foldText(value)],
}

/**
 * The leaderboard's filters as PostgreSQL over `account_scores s JOIN accounts a`, as SQLite's
 * `scoreFilterSql`: empty text and an empty label list are no condition; `more` adds the
 * caller's own clauses (written with `?`, one per value) after the rules'.
 *
 * Returns `{ sql, params, nextParam }`: `sql` is `''` or `'WHERE c1 AND c2 …'` whose
 * placeholders are `$firstParam, $firstParam+1, …` in order; `params` are their values in that
 * order (the labels rule passes one text[] array); `nextParam` is the number for the caller's
 * next placeholder (a LIMIT, say).
 */
export function pgScoreFilterSql(
  filters: LeaderboardFilter,
  firstParam = 1,
  more: (add: (clause: string, ...values: unknown[]) => void) => void = () => {},
): { sql: string; params: unknown[]; nextParam: number } {
  const where: string[] = []
  const params: unknown[] = []
  let n = firstParam
  const add = (clause: string, ...values: unknown[]) => {
    const numbered = clause.replace(/\?/g, () => `$${n++}`)
    if (n - firstParam !== params.length + values.length)
      throw new Error(`a filter clause has ${values.length} values for its placeholders`)
    where.push(numbered)
    params.push(...values)
  }
  for (const field of Object.keys(PG_RULES) as Field[]) {
    const value = filters[field]
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
      continue
    add(...(PG_RULES[field] as Clause<Field>)(value as never))
  }
  more(add)
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params, nextParam: n }
}
