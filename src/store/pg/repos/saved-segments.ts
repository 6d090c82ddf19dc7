import type { LeaderboardFilter } from '../../../records.ts'
import {
  SELECT_SEGMENT,
  type SavedSegmentsRepo,
  type SegmentRow,
  toSegment,
} from '../../repos/saved-segments.ts'
import type { PgDb, Queryable, Row } from '../client.ts'
import { pgScoreFilterSql } from './score-filters.ts'
import { SEGMENTS_LOCK } from './segment-members.ts'

/** Exclusive in create, update and remove: see SEGMENTS_LOCK (it also keeps the limit). */
const lockSegments = (q: Queryable) =>
  q.query('SELECT pg_advisory_xact_lock($1)', [SEGMENTS_LOCK.toString()])

const byId = (q: Queryable, id: string) =>
  q.one<SegmentRow & Row>(`${SELECT_SEGMENT} WHERE g.id = $1`, [id])

/**
 * The members a filter selects among the scored accounts, now. Kept members keep their entry
 * time; the rest leave. The filter's SQL is the leaderboard's (pgScoreFilterSql). SQLite's
 * `NOT IN (selected)` is written NOT EXISTS here (the same rows: account ids are never NULL),
 * which PostgreSQL runs as an anti-join rather than a subplan per member.
 */
async function recompute(q: Queryable, id: string, filter: LeaderboardFilter, at: number) {
  const scored = 'SELECT s.account_id FROM account_scores s JOIN accounts a ON a.id = s.account_id'
  const leaving = pgScoreFilterSql(filter, 2, (add) => add('s.account_id = m.account_id'))
  await q.run(
    `DELETE FROM segment_members m WHERE m.segment_id = $1
       AND NOT EXISTS (${scored} ${leaving.sql})`,
    [id, ...leaving.params],
  )
  const staying = pgScoreFilterSql(filter, 3)
  await q.run(
    `INSERT INTO segment_members (segment_id, account_id, entered_at)
     SELECT $1, account_id, $2 FROM (${scored} ${staying.sql}) AS selected
     ON CONFLICT (segment_id, account_id) DO NOTHING`,
    [id, at, ...staying.params],
  )
}

export function pgSavedSegmentsRepo(db: PgDb): SavedSegmentsRepo {
  return {
    /**
     * Saves a new segment with its members as of now, unless `limit` segments exist already
     * (then null, writing nothing). Replicas creating at once take turns (SEGMENTS_LOCK), so
     * the limit holds between them.
     */
    async create(id, definition, at, limit) {
      return db.tx(async (q) => {
        await lockSegments(q)
        const count = await q.one<{ n: number }>('SELECT count(*) AS n FROM segments')
        if (count!.n >= limit) return null
        await q.run(
          `INSERT INTO segments (id, name, description, filter, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $5)`,
          [id, definition.name, definition.description, JSON.stringify(definition.filter), at],
        )
        await recompute(q, id, definition.filter, at)
        return toSegment((await byId(q, id))!)
      })
    },
    /**
     * Replaces a segment's definition; a new filter recomputes its members. Null when unknown.
     * The row is locked first, so two replicas' updates of one segment take turns.
     */
    async update(id, definition, at) {
      return db.tx(async (q) => {
        await lockSegments(q)
        const existing = await q.one<{ filter: string }>(
          'SELECT filter FROM segments WHERE id = $1 FOR UPDATE',
          [id],
        )
        if (existing === undefined) return null
        const filter = JSON.stringify(definition.filter)
        await q.run(
          'UPDATE segments SET name = $2, description = $3, filter = $4, updated_at = $5 WHERE id = $1',
          [id, definition.name, definition.description, filter, at],
        )
        if (filter !== existing.filter) await recompute(q, id, definition.filter, at)
        return toSegment((await byId(q, id))!)
      })
    },
    async get(id) {
      const row = await byId(db, id)
      return row ? toSegment(row) : null
    },
    async list() {
      const rows = await db.query<SegmentRow & Row>(`${SELECT_SEGMENT} ORDER BY g.created_at, g.id`)
      return rows.map(toSegment)
    },
    /** False when there was none. Its members go with it (the cascade). */
    async remove(id) {
      return db.tx(async (q) => {
        await lockSegments(q)
        return (await q.run('DELETE FROM segments WHERE id = $1', [id])) === 1
      })
    },
    /** Members in domain order after `after`, each with its score and where it stood `trendDay`. */
    async members(id, after, limit, trendDay) {
      const rows = await db.query<{
        account_id: number
        domain: string
        name: string | null
        entered_at: number
        score: number | null
        label: string | null
        stage: string | null
        score_before: number | null
      }>(
        `SELECT m.account_id, a.domain, a.name, m.entered_at, s.score, s.label, s.stage,
                (SELECT h.score FROM score_history h WHERE h.account_id = m.account_id AND h.day <= $4
                 ORDER BY h.day DESC LIMIT 1) AS score_before
         FROM segment_members m JOIN accounts a ON a.id = m.account_id
         LEFT JOIN account_scores s ON s.account_id = m.account_id
         WHERE m.segment_id = $1 AND a.domain > $2 ORDER BY a.domain LIMIT $3`,
        [id, after ?? '', limit, trendDay],
      )
      return rows.map((row) => ({
        accountId: row.account_id,
        domain: row.domain,
        name: row.name,
        enteredAt: row.entered_at,
        score: row.score,
        label: row.label,
        stage: row.stage,
        scoreBefore: row.score_before,
      }))
    },
  }
}
