import type { LeaderboardFilter } from '../../records.ts'
import { foldText } from '../fold.ts'

export type { LeaderboardFilter }

/**
 * What a filter sees of one account: its stored score and its firmographics, as the columns
 * of `account_scores s JOIN accounts a` hold them, text folded once (store/fold.ts) where SQL
 * compares folded text: a page of accounts is tested against every segment.
 */
export interface FilterCandidate {
  score: number
  label: string
  stage: string
  fitGrade: string | null
  surgingTopicsFolded: readonly string[]
  surgingCategoriesFolded: readonly string[]
  committeeCoverage: number | null
  industryFolded: string | null
  country: string | null
  employees: number | null
  revenue: number | null
  technologiesFolded: readonly string[]
  /** A top-level attribute as the attribute rule compares it (`attributeText`); null: none. */
  attribute(name: string): string | null
}

type Value = string | number
type Field = keyof LeaderboardFilter
type Test = (candidate: FilterCandidate) => boolean

/**
 * One filter condition in its two forms, side by side so they cannot drift: a SQL clause over
 * `s` and `a` for the leaderboards and a segment's first members, and the same test in memory
 * (compiled once per filter, its value folded once) for the accounts a score write or an
 * upsert moves: no query per account per segment. A NULL column fails a comparison in SQL;
 * `present` makes it fail here too.
 */
interface FilterRule<F extends Field> {
  sql(value: NonNullable<LeaderboardFilter[F]>): [clause: string, ...values: Value[]]
  test(value: NonNullable<LeaderboardFilter[F]>): Test
}

type TextField = 'topic' | 'category' | 'technology'
const present = <T>(value: T | null): value is T => value !== null
/** A JSON list of text holding `wanted`, in any letter case: the SQL and the test. */
const jsonHas = (
  column: string,
  folded: (candidate: FilterCandidate) => readonly string[],
): FilterRule<TextField> => ({
  sql: (wanted) => [
    `EXISTS (SELECT 1 FROM json_each(${column}) t WHERE fold_text(t.value) = ?)`,
    foldText(wanted),
  ],
  test: (wanted) => {
    const fold = foldText(wanted)
    return (c) => folded(c).includes(fold)
  },
})

/**
 * An attribute's value as text, the same in SQL and here: a string folded, a whole number in
 * digits (within 2^53, past which JavaScript and SQLite read the stored digits differently),
 * true/false; anything else (an object, a list, a fraction, null) equals nothing.
 */
export function attributeText(value: unknown): string | null {
  if (typeof value === 'string') return foldText(value)
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return null
}
const ATTRIBUTE_TEXT = `(SELECT CASE t.type WHEN 'text' THEN fold_text(t.value)
   WHEN 'integer' THEN CASE WHEN abs(t.value) <= 9007199254740991 THEN CAST(t.value AS TEXT) END
   WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END
   FROM json_each(a.attributes) t WHERE t.key = ?)`

/** Every condition, in the order its clause is written. */
const RULES: { [F in Field]-?: FilterRule<F> } = {
  labels: {
    sql: (labels) => [`s.label IN (${labels.map(() => '?').join(', ')})`, ...labels],
    test: (labels) => (c) => labels.length === 0 || (labels as readonly string[]).includes(c.label),
  },
  stage: { sql: (stage) => ['s.stage = ?', stage], test: (stage) => (c) => c.stage === stage },
  minScore: { sql: (min) => ['s.score >= ?', min], test: (min) => (c) => c.score >= min },
  industry: {
    sql: (industry) => ['a.industry_folded = ?', foldText(industry)],
    test: (industry) => {
      const fold = foldText(industry)
      return (c) => c.industryFolded === fold
    },
  },
  country: {
    sql: (country) => ['a.country = ?', country.toUpperCase()],
    test: (country) => {
      const upper = country.toUpperCase()
      return (c) => c.country === upper
    },
  },
  topic: jsonHas('s.surging_topics', (c) => c.surgingTopicsFolded),
  category: jsonHas('s.surging_categories', (c) => c.surgingCategoriesFolded),
  fitGrade: {
    sql: (grade) => ['s.fit_grade = ?', grade],
    test: (grade) => (c) => c.fitGrade === grade,
  },
  minEmployees: {
    sql: (min) => ['a.employees >= ?', min],
    test: (min) => (c) => present(c.employees) && c.employees >= min,
  },
  maxEmployees: {
    sql: (max) => ['a.employees <= ?', max],
    test: (max) => (c) => present(c.employees) && c.employees <= max,
  },
  minRevenue: {
    sql: (min) => ['a.revenue >= ?', min],
    test: (min) => (c) => present(c.revenue) && c.revenue >= min,
  },
  maxRevenue: {
    sql: (max) => ['a.revenue <= ?', max],
    test: (max) => (c) => present(c.revenue) && c.revenue <= max,
  },
  technology: jsonHas('a.technologies', (c) => c.technologiesFolded),
  minCoverage: {
    sql: (min) => ['s.committee_coverage >= ?', min],
    test: (min) => (c) => present(c.committeeCoverage) && c.committeeCoverage >= min,
  },
  attribute: {
    sql: ({ name, value }) => [`${ATTRIBUTE_TEXT} = ?`, name, foldText(value)],
    test: ({ name, value }) => {
      const wanted = foldText(value)
      return (c) => c.attribute(name) === wanted
    },
  },
}

/** The conditions a filter sets: empty text and an empty label list are no condition. */
function setConditions(filters: LeaderboardFilter) {
  return (Object.keys(RULES) as Field[]).flatMap((field) => {
    const value = filters[field]
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
      return []
    return [{ rule: RULES[field] as FilterRule<Field>, value: value as never }]
  })
}

/**
 * The leaderboard's filters as SQL over `account_scores s JOIN accounts a`, for the API, the
 * pages and a segment's members alike. Text is compared folded by the one rule of
 * store/fold.ts: industry against its stored, indexed fold; topics, categories and technologies
 * (kept in JSON) through the same fold as a SQL function. `more` adds clauses of the caller's own (a
 * cursor, a search).
 */
export function scoreFilterSql(
  filters: LeaderboardFilter,
  more: (add: (clause: string, ...values: Value[]) => void) => void = () => {},
): { sql: string; params: Value[] } {
  const where: string[] = []
  const params: Value[] = []
  const add = (clause: string, ...values: Value[]) => {
    where.push(clause)
    params.push(...values)
  }
  for (const { rule, value } of setConditions(filters)) add(...rule.sql(value))
  more(add)
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params }
}

/** A filter compiled once, tested against many accounts in memory (the same rules as the SQL). */
export function filterTest(filters: LeaderboardFilter): Test {
  const tests = setConditions(filters).map(({ rule, value }) => rule.test(value))
  return (candidate) => tests.every((test) => test(candidate))
}
