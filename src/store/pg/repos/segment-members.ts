import type { NewDelivery } from '../../repos/outbox.ts'
import type { StoredScore } from '../../repos/scores.ts'
import {
  type AccountRow,
  compiledFilters,
  fromRow,
  type MembershipEvents,
  type ScoreFields,
  type ScoreRow,
  toCandidate,
} from '../../repos/segment-members.ts'
import type { Queryable, Row } from '../client.ts'
import { queueDeliveries } from './outbox.ts'

/**
 * SQLite's membershipUpdater on PostgreSQL, inside the caller's transaction `q`: the same three
 * reads per page (a fourth for stored scores after an upsert), the same compiled filters, and
 * one statement each for the entries, the exits and the events queued.
 *
 * Between replicas: the page's accounts are read `FOR NO KEY UPDATE` before their scores and
 * memberships, so two transactions moving the same account's membership (a score write, an
 * upsert) take turns, and the second reads what the first stored (no double entry, no event
 * twice, no exit computed from a score read before the other's commit). In domain order, the
 * order accounts.ts locks the same rows in, so the two never wait on each other crosswise.
 * NO KEY UPDATE leaves the foreign-key checks of other writers (KEY SHARE) unblocked.
 */
/**
 * pg_advisory_xact_lock key between segment definitions and membership updates ('segments' in
 * ASCII). A membership update holds it shared for its transaction: they run side by side. A
 * segment's creation, change or removal (saved-segments.ts) holds it exclusively: it waits for
 * the updates in flight, and the updates after it read its definition. Without it a replica
 * could add a member under a definition just replaced, miss a segment just created, or insert a
 * member of a segment just removed (a foreign-key error failing the whole score write), none of
 * which SQLite's one writer at a time allows.
 */
export const SEGMENTS_LOCK = 0x7365676d656e7473n

export function pgMembershipUpdater() {
  const compiled = compiledFilters()

  async function update(
    q: Queryable,
    accountIds: readonly number[],
    written: ReadonlyMap<number, ScoreFields> | null,
    at: number,
    events: MembershipEvents | null,
  ) {
    if (accountIds.length === 0) return
    await q.query('SELECT pg_advisory_xact_lock_shared($1)', [SEGMENTS_LOCK.toString()])
    const defined = await q.query<{ id: string; name: string; filter: string }>(
      'SELECT id, name, filter FROM segments ORDER BY id',
    )
    if (defined.length === 0) return
    const tested = defined.map((segment) => ({ ...segment, test: compiled(segment.filter) }))
    const unique = [...new Set(accountIds)]
    const accounts = await q.query<AccountRow & Row>(
      `SELECT id, domain, industry_folded, country, employees, revenue, technologies, attributes
       FROM accounts WHERE id = ANY($1::bigint[]) ORDER BY domain FOR NO KEY UPDATE`,
      [unique],
    )
    const scores =
      written ??
      new Map(
        (
          await q.query<ScoreRow & Row>(
            `SELECT account_id, score, label, stage, fit_grade, surging_topics, surging_categories,
                    committee_coverage, model_id
             FROM account_scores WHERE account_id = ANY($1::bigint[])`,
            [unique],
          )
        ).map((row) => [row.account_id, fromRow(row)]),
      )
    const before = new Map<number, Set<string>>()
    const current = await q.query<{ account_id: number; segment_id: string }>(
      'SELECT account_id, segment_id FROM segment_members WHERE account_id = ANY($1::bigint[])',
      [unique],
    )
    for (const { account_id, segment_id } of current) {
      const set = before.get(account_id) ?? new Set()
      set.add(segment_id)
      before.set(account_id, set)
    }
    const entered: [string, number][] = []
    const left: [string, number][] = []
    const queued: NewDelivery[] = []
    const byId = new Map(accounts.map((account) => [account.id, account]))
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
        queued.push(...events({ ...change, entered: inside, score: moved }))
      }
    }
    if (entered.length > 0)
      // DO NOTHING: a segment's recompute (saved-segments) may have added the member meanwhile.
      await q.run(
        `INSERT INTO segment_members (segment_id, account_id, entered_at)
         SELECT s, a, $3 FROM unnest($1::text[], $2::bigint[]) AS m(s, a)
         ON CONFLICT (segment_id, account_id) DO NOTHING`,
        [entered.map(([s]) => s), entered.map(([, a]) => a), at],
      )
    if (left.length > 0)
      await q.run(
        `DELETE FROM segment_members m USING unnest($1::text[], $2::bigint[]) AS l(s, a)
         WHERE m.segment_id = l.s AND m.account_id = l.a`,
        [left.map(([s]) => s), left.map(([, a]) => a)],
      )
    await queueDeliveries(q, queued, at)
  }

  return {
    /** After scores were stored: the scores as written, firmographics read. */
    async afterScores(
      q: Queryable,
      scores: readonly StoredScore[],
      at: number,
      events: MembershipEvents | null,
    ): Promise<void> {
      const written = new Map(scores.map((score) => [score.accountId, score]))
      await update(q, [...written.keys()], written, at, events)
    },
    /** After firmographics changed: against each account's stored score. */
    async afterUpserts(
      q: Queryable,
      accountIds: readonly number[],
      at: number,
      events: MembershipEvents | null,
    ): Promise<void> {
      await update(q, accountIds, null, at, events)
    },
  }
}

export type PgMembershipUpdater = ReturnType<typeof pgMembershipUpdater>
