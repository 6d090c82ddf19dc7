import type { LeaderboardFilter } from '../../records.ts'
import type { Db } from '../db.ts'
import { type NewDelivery, outboxWriter } from './outbox.ts'
import { type FilterCandidate, filterTest } from './score-filters.ts'

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

interface CandidateRow {
  domain: string
  industry_folded: string | null
  country: string | null
  employees: number | null
  revenue: number | null
  technologies: string
  score: number | null
  label: string
  stage: string
  fit_grade: string | null
  surging_topics: string
  committee_coverage: number | null
  model_id: string
}

const CANDIDATE_COLUMNS = `a.domain, a.industry_folded, a.country, a.employees, a.revenue,
  a.technologies, s.score, s.label, s.stage, s.fit_grade, s.surging_topics, s.committee_coverage,
  s.model_id`

function toCandidate(row: CandidateRow & { score: number }): FilterCandidate {
  return {
    score: row.score,
    label: row.label,
    stage: row.stage,
    fitGrade: row.fit_grade,
    surgingTopics: JSON.parse(row.surging_topics) as string[],
    committeeCoverage: row.committee_coverage,
    industryFolded: row.industry_folded,
    country: row.country,
    employees: row.employees,
    revenue: row.revenue,
    technologies: JSON.parse(row.technologies) as string[],
  }
}

/**
 * Brings the stored membership of accounts up to date with their stored score and
 * firmographics, inside the caller's transaction (a score write, an account upsert), and
 * queues the events each entry and exit causes in the same transaction. Without segments it
 * is one read of an empty table. An account without a stored score keeps its membership until
 * it is scored again (an erased contact's account loses its score until then).
 */
export function membershipUpdater(db: Db) {
  const segments = db.prepare<[], { id: string; name: string; filter: string }>(
    'SELECT id, name, filter FROM segments ORDER BY id',
  )
  const candidate = db.prepare<{ accountId: number }, CandidateRow>(
    `SELECT ${CANDIDATE_COLUMNS} FROM accounts a JOIN account_scores s ON s.account_id = a.id
     WHERE a.id = @accountId`,
  )
  const memberships = db.prepare<{ accountId: number }, { segment_id: string }>(
    'SELECT segment_id FROM segment_members WHERE account_id = @accountId',
  )
  const enter = db.prepare<{ segmentId: string; accountId: number; at: number }>(
    'INSERT INTO segment_members (segment_id, account_id, entered_at) VALUES (@segmentId, @accountId, @at)',
  )
  const leave = db.prepare<{ segmentId: string; accountId: number }>(
    'DELETE FROM segment_members WHERE segment_id = @segmentId AND account_id = @accountId',
  )
  const enqueue = outboxWriter(db)

  return (accountIds: Iterable<number>, at: number, events: MembershipEvents | null) => {
    const defined = segments.all()
    if (defined.length === 0) return
    const compiled = defined.map((segment) => ({
      ...segment,
      test: filterTest(JSON.parse(segment.filter) as LeaderboardFilter),
    }))
    for (const accountId of accountIds) {
      const row = candidate.get({ accountId })
      if (row === undefined || row.score === null) continue
      const account = toCandidate(row as CandidateRow & { score: number })
      const before = new Set(memberships.all({ accountId }).map((m) => m.segment_id))
      const score = { score: row.score, label: row.label, stage: row.stage, modelId: row.model_id }
      for (const segment of compiled) {
        const inside = segment.test(account)
        if (inside === before.has(segment.id)) continue
        if (inside) enter.run({ segmentId: segment.id, accountId, at })
        else leave.run({ segmentId: segment.id, accountId })
        const change = {
          segmentId: segment.id,
          segmentName: segment.name,
          domain: row.domain,
          entered: inside,
          score,
        }
        if (events) enqueue(events(change), at)
      }
    }
  }
}

export type MembershipUpdater = ReturnType<typeof membershipUpdater>
