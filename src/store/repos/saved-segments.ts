import type { LeaderboardFilter } from '../../records.ts'
import type { Db } from '../db.ts'
import { scoreFilterSql } from './score-filters.ts'

/** A saved segment: a name and the leaderboard filter that decides its members. */
export interface SavedSegment {
  id: string
  name: string
  description: string | null
  filter: LeaderboardFilter
  createdAt: number
  updatedAt: number
  members: number
}

export interface SegmentDefinition {
  name: string
  description: string | null
  filter: LeaderboardFilter
}

export interface SegmentMember {
  accountId: number
  domain: string
  name: string | null
  enteredAt: number
  score: number | null
  label: string | null
  stage: string | null
  /** The score at the end of the day `trendDays` before the last one, when one is stored. */
  scoreBefore: number | null
}

export interface SegmentRow {
  id: string
  name: string
  description: string | null
  filter: string
  created_at: number
  updated_at: number
  members: number
}

export const toSegment = (row: SegmentRow): SavedSegment => ({
  id: row.id,
  name: row.name,
  description: row.description,
  filter: JSON.parse(row.filter) as LeaderboardFilter,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  members: row.members,
})

export const SELECT_SEGMENT = `SELECT g.*, (SELECT count(*) FROM segment_members m WHERE m.segment_id = g.id) AS members
  FROM segments g`

/** A segment's stored fields, as both its insert and its update bind them. */
interface SegmentWrite {
  id: string
  name: string
  description: string | null
  filter: string
  at: number
}

export function savedSegmentsRepo(db: Db) {
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM segments')
  const insert = db.prepare<SegmentWrite>(
    `INSERT INTO segments (id, name, description, filter, created_at, updated_at)
     VALUES (@id, @name, @description, @filter, @at, @at)`,
  )
  const update = db.prepare<SegmentWrite>(
    'UPDATE segments SET name = @name, description = @description, filter = @filter, updated_at = @at WHERE id = @id',
  )
  const byId = db.prepare<{ id: string }, SegmentRow>(`${SELECT_SEGMENT} WHERE g.id = @id`)
  const all = db.prepare<[], SegmentRow>(`${SELECT_SEGMENT} ORDER BY g.created_at, g.id`)
  const remove = db.prepare<{ id: string }>('DELETE FROM segments WHERE id = @id')
  const members = db.prepare<
    { id: string; after: string; limit: number; trendDay: number },
    {
      account_id: number
      domain: string
      name: string | null
      entered_at: number
      score: number | null
      label: string | null
      stage: string | null
      score_before: number | null
    }
  >(
    `SELECT m.account_id, a.domain, a.name, m.entered_at, s.score, s.label, s.stage,
            (SELECT h.score FROM score_history h WHERE h.account_id = m.account_id AND h.day <= @trendDay
             ORDER BY h.day DESC LIMIT 1) AS score_before
     FROM segment_members m JOIN accounts a ON a.id = m.account_id
     LEFT JOIN account_scores s ON s.account_id = m.account_id
     WHERE m.segment_id = @id AND a.domain > @after ORDER BY a.domain LIMIT @limit`,
  )

  /**
   * The members a filter selects among the scored accounts, now. Kept members keep their
   * entry time; the rest leave. The filter's own SQL is the leaderboard's (positional).
   */
  const recompute = (id: string, filter: LeaderboardFilter, at: number) => {
    const { sql, params } = scoreFilterSql(filter)
    const selected = `SELECT s.account_id FROM account_scores s JOIN accounts a ON a.id = s.account_id ${sql}`
    db.prepare(
      `DELETE FROM segment_members WHERE segment_id = ? AND account_id NOT IN (${selected})`,
    ).run(id, ...params)
    db.prepare(
      `INSERT OR IGNORE INTO segment_members (segment_id, account_id, entered_at)
       SELECT ?, account_id, ? FROM (${selected})`,
    ).run(id, at, ...params)
  }

  const createTx = db.transaction(
    (id: string, definition: SegmentDefinition, at: number, limit: number) => {
      if (count.get()!.n >= limit) return null
      const { name, description } = definition
      insert.run({ id, name, description, filter: JSON.stringify(definition.filter), at })
      recompute(id, definition.filter, at)
      return toSegment(byId.get({ id })!)
    },
  )
  const updateTx = db.transaction((id: string, definition: SegmentDefinition, at: number) => {
    const existing = byId.get({ id })
    if (existing === undefined) return null
    const filter = JSON.stringify(definition.filter)
    update.run({ id, name: definition.name, description: definition.description, filter, at })
    if (filter !== existing.filter) recompute(id, definition.filter, at)
    return toSegment(byId.get({ id })!)
  })

  return {
    /**
     * Saves a new segment with its members as of now, unless `limit` segments exist already
     * (then null, writing nothing): the count and the insert are one transaction.
     */
    async create(
      id: string,
      definition: SegmentDefinition,
      at: number,
      limit: number,
    ): Promise<SavedSegment | null> {
      return createTx.immediate(id, definition, at, limit)
    },
    /** Replaces a segment's definition; a new filter recomputes its members. Null when unknown. */
    async update(id: string, definition: SegmentDefinition, at: number) {
      return updateTx.immediate(id, definition, at)
    },
    async get(id: string): Promise<SavedSegment | null> {
      const row = byId.get({ id })
      return row ? toSegment(row) : null
    },
    async list(): Promise<SavedSegment[]> {
      return all.all().map(toSegment)
    },
    /** False when there was none. Its members go with it (the cascade). */
    async remove(id: string): Promise<boolean> {
      return remove.run({ id }).changes === 1
    },
    /** Members in domain order after `after`, each with its score and where it stood `trendDay`. */
    async members(
      id: string,
      after: string | null,
      limit: number,
      trendDay: number,
    ): Promise<SegmentMember[]> {
      return members.all({ id, after: after ?? '', limit, trendDay }).map((row) => ({
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

export type SavedSegmentsRepo = ReturnType<typeof savedSegmentsRepo>
