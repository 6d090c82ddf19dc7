import type { LeaderboardFilter } from '../../records.ts'
import type { Db } from '../db.ts'
import { foldText } from '../fold.ts'
import { type NewDelivery, outboxWriter } from './outbox.ts'
import { attributeText, type FilterCandidate, filterTest } from './score-filters.ts'
import type { StoredScore } from './scores.ts'

/** An account entering or leaving a segment, with the score that moved it. */
export interface MembershipChange {
  segmentId: string
  segmentName: string
  domain: string
  entered: boolean
  score: { score: number; label: string; stage: string; modelId: string }
}

/** The outbox rows a change causes (domain/segment-events.ts builds them; none without subscribers). */
export type MembershipEvents = (change: MembershipChange) => NewDelivery[]

/** What a filter reads of a score: a stored row's or one just written. */
export type ScoreFields = Pick<
  StoredScore,
  'score' | 'label' | 'stage' | 'fitGrade' | 'modelId' | 'surgingTopics' | 'surgingCategories'
> & { committeeCoverage?: number | null | undefined }

export interface AccountRow {
  id: number
  domain: string
  industry_folded: string | null
  country: string | null
  employees: number | null
  revenue: number | null
  technologies: string
  attributes: string
}

export interface ScoreRow {
  account_id: number
  score: number
  label: string
  stage: string
  fit_grade: string | null
  surging_topics: string
  surging_categories: string
  committee_coverage: number | null
  model_id: string
}

export const fromRow = (row: ScoreRow): ScoreFields => ({
  score: row.score,
  label: row.label,
  stage: row.stage,
  fitGrade: row.fit_grade,
  modelId: row.model_id,
  surgingTopics: JSON.parse(row.surging_topics) as string[],
  surgingCategories: JSON.parse(row.surging_categories) as string[],
  committeeCoverage: row.committee_coverage,
})

const foldAll = (values: readonly string[]) => values.map(foldText)

export function toCandidate(account: AccountRow, score: ScoreFields): FilterCandidate {
  return {
    score: score.score,
    label: score.label,
    stage: score.stage,
    fitGrade: score.fitGrade,
    surgingTopicsFolded: foldAll(score.surgingTopics),
    surgingCategoriesFolded: foldAll(score.surgingCategories ?? []),
    committeeCoverage: score.committeeCoverage ?? null,
    industryFolded: account.industry_folded,
    country: account.country,
    employees: account.employees,
    revenue: account.revenue,
    technologiesFolded: foldAll(JSON.parse(account.technologies) as string[]),
    attribute: attributesOf(account.attributes),
  }
}

/** Parsed on first use: most segments ask no attribute, and attributes may be large. */
function attributesOf(json: string): (name: string) => string | null {
  let parsed: Record<string, unknown> | undefined
  const read = (): Record<string, unknown> => {
    const value: unknown = JSON.parse(json)
    // As json_each reads it: only an object has keys.
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value)
    return isObject ? (value as Record<string, unknown>) : {}
  }
  return (name) => {
    parsed ??= read()
    return Object.hasOwn(parsed, name) ? attributeText(parsed[name]) : null
  }
}

/** The page's accounts, `@ids` a JSON array of their ids: one statement per page, not per account. */
const PAGE = 'SELECT value FROM json_each(@ids)'

/**
 * Brings the stored membership of accounts up to date with their score and firmographics,
 * inside the caller's transaction, and queues the events each entry and exit causes in the
 * same transaction. A page of accounts costs three reads whatever the number of segments (the
 * segments, the accounts, their current memberships; a fourth for stored scores after an
 * upsert), and each filter is compiled once per definition. Without segments it is one read
 * of an empty table. An account without a stored score keeps its membership until it is
 * scored again (an erased contact's account loses its score until then).
 */
export function membershipUpdater(db: Db) {
  const segments = db.prepare<[], { id: string; name: string; filter: string }>(
    'SELECT id, name, filter FROM segments ORDER BY id',
  )
  const accounts = db.prepare<{ ids: string }, AccountRow>(
    `SELECT id, domain, industry_folded, country, employees, revenue, technologies, attributes
     FROM accounts WHERE id IN (${PAGE})`,
  )
  const storedScores = db.prepare<{ ids: string }, ScoreRow>(
    `SELECT account_id, score, label, stage, fit_grade, surging_topics, surging_categories,
            committee_coverage, model_id
     FROM account_scores WHERE account_id IN (${PAGE})`,
  )
  const memberships = db.prepare<{ ids: string }, { account_id: number; segment_id: string }>(
    `SELECT account_id, segment_id FROM segment_members WHERE account_id IN (${PAGE})`,
  )
  const enter = db.prepare<{ rows: string; at: number }>(
    `INSERT INTO segment_members (segment_id, account_id, entered_at)
     SELECT value ->> 0, value ->> 1, @at FROM json_each(@rows)`,
  )
  const leave = db.prepare<{ rows: string }>(
    `DELETE FROM segment_members WHERE (segment_id, account_id) IN
       (SELECT value ->> 0, value ->> 1 FROM json_each(@rows))`,
  )
  const enqueue = outboxWriter(db)
  const compiled = compiledFilters()

  /** `written`: the scores just stored for these accounts, used instead of reading them back. */
  function update(
    accountIds: readonly number[],
    written: ReadonlyMap<number, ScoreFields> | null,
    at: number,
    events: MembershipEvents | null,
  ) {
    const defined = segments.all()
    if (defined.length === 0 || accountIds.length === 0) return
    const tested = defined.map((segment) => ({ ...segment, test: compiled(segment.filter) }))
    const unique = [...new Set(accountIds)]
    const ids = JSON.stringify(unique)
    const scores =
      written ?? new Map(storedScores.all({ ids }).map((row) => [row.account_id, fromRow(row)]))
    const before = new Map<number, Set<string>>()
    for (const { account_id, segment_id } of memberships.all({ ids })) {
      const set = before.get(account_id) ?? new Set()
      set.add(segment_id)
      before.set(account_id, set)
    }
    const entered: [string, number][] = []
    const left: [string, number][] = []
    const byId = new Map(accounts.all({ ids }).map((account) => [account.id, account]))
    // In the order given: the events of a page come out in its order.
    for (const id of unique) {
      const account = byId.get(id)
      const score = scores.get(id)
      if (account === undefined || score === undefined) continue
      const candidate = toCandidate(account, score)
      const was = before.get(account.id)
      for (const segment of tested) {
        const inside = segment.test(candidate)
        if (inside === (was?.has(segment.id) ?? false)) continue
        ;(inside ? entered : left).push([segment.id, account.id])
        if (!events) continue
        const { score: points, label, stage, modelId } = score
        const moved = { score: points, label, stage, modelId }
        const change = { segmentId: segment.id, segmentName: segment.name, domain: account.domain }
        enqueue(events({ ...change, entered: inside, score: moved }), at)
      }
    }
    if (entered.length > 0) enter.run({ rows: JSON.stringify(entered), at })
    if (left.length > 0) leave.run({ rows: JSON.stringify(left) })
  }

  return {
    /** After scores were stored: the scores as written, firmographics read. */
    afterScores(scores: readonly StoredScore[], at: number, events: MembershipEvents | null) {
      const written = new Map(scores.map((score) => [score.accountId, score]))
      update([...written.keys()], written, at, events)
    },
    /** After firmographics changed: against each account's stored score. */
    afterUpserts(accountIds: readonly number[], at: number, events: MembershipEvents | null) {
      update(accountIds, null, at, events)
    },
  }
}

/**
 * Each definition's test, compiled once and kept while a segment has that definition: a batch
 * updates membership page after page against the same segments.
 */
export function compiledFilters() {
  let tests = new Map<string, (candidate: FilterCandidate) => boolean>()
  return (filter: string) => {
    let test = tests.get(filter)
    if (test === undefined) {
      // Definitions replaced or deleted leave their tests behind: start over past a bound.
      if (tests.size >= 10_000) tests = new Map()
      test = filterTest(JSON.parse(filter) as LeaderboardFilter)
      tests.set(filter, test)
    }
    return test
  }
}

export type MembershipUpdater = ReturnType<typeof membershipUpdater>
