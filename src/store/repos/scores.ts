import type { Db } from '../db.ts'
import { groupCommit } from '../group-commit.ts'
import { multiRow } from '../multi-row.ts'
import type { NewWriteBack } from './hubspot.ts'
import type { NewDelivery } from './outbox.ts'
import { scoreWriter } from './score-writer.ts'
import { type LeaderboardFilter, scoreFilterSql } from './score-filters.ts'
import type { MembershipEvents } from './segment-members.ts'

export interface StoredScore {
  accountId: number
  computedAt: number
  modelId: string
  score: number
  probability: number
  label: string
  stage: string
  fitGrade: string | null
  surgingTopics: string[]
  /**
   * The taxonomy categories it surges on (migration 0023): its surging topics' and its pooled
   * surging categories, set by the domain (domain/score-writes.ts); absent is none.
   */
  surgingCategories?: string[]
  /** Share of the committee's roles engaged (0–1); absent on scores stored before migration 0021. */
  committeeCoverage?: number | null
  body: string
}

/** A score to store, with what it causes: notifications, and its state for HubSpot if it changed. */
export interface ScoreSave {
  score: StoredScore
  notify: NewDelivery[]
  hubspot?: NewWriteBack | null
}

export interface HistoryPoint {
  day: number
  score: number
  probability: number
  modelId: string
}

export interface LeaderboardQuery extends LeaderboardFilter {
  after?: { score: number; domain: string }
  limit: number
}

/** The API leaderboard's statement, keyset-paged by (score, domain); exported for plan tests. */
export function leaderboardSql(query: LeaderboardQuery): { sql: string; params: unknown[] } {
  const { sql: where, params } = scoreFilterSql(query, (add) => {
    if (query.after)
      add(
        '(s.score < ? OR (s.score = ? AND a.domain > ?))',
        query.after.score,
        query.after.score,
        query.after.domain,
      )
  })
  return {
    sql: `SELECT s.*, a.domain FROM account_scores s JOIN accounts a ON a.id = s.account_id
        ${where} ORDER BY s.score DESC, a.domain LIMIT ?`,
    params: [...params, query.limit],
  }
}

export interface ScoreRow {
  account_id: number
  computed_at: number
  model_id: string
  score: number
  probability: number
  label: string
  stage: string
  fit_grade: string | null
  surging_topics: string
  surging_categories: string
  committee_coverage: number | null
  body: string
}

export const toScore = (row: ScoreRow): StoredScore => ({
  accountId: row.account_id,
  computedAt: row.computed_at,
  modelId: row.model_id,
  score: row.score,
  probability: row.probability,
  label: row.label,
  stage: row.stage,
  fitGrade: row.fit_grade,
  surgingTopics: JSON.parse(row.surging_topics) as string[],
  surgingCategories: JSON.parse(row.surging_categories) as string[],
  committeeCoverage: row.committee_coverage,
  body: row.body,
})

/** Marks accounts for rescoring; called inside the writers' transactions. */
export function dirtyMarker(db: Db) {
  const mark = multiRow(
    db,
    'INSERT INTO dirty_accounts (account_id, since)',
    2,
    'ON CONFLICT (account_id) DO UPDATE SET since = excluded.since',
  )
  return (accountIds: Iterable<number>, now: number) => {
    mark(Array.from(new Set(accountIds), (id) => [id, now]))
  }
}

/** What decides whether an account's stored score may be served as it is (domain/scores.ts). */
interface Servability {
  dirty: number
  active_model: string | null
}

/** The end of a look-up by domain of an account, its stored score and its `Servability`. */
const SERVABILITY_BY_DOMAIN = `d.account_id IS NOT NULL AS dirty,
            (SELECT id FROM models WHERE active = 1) AS active_model
     FROM accounts a
     LEFT JOIN account_scores s ON s.account_id = a.id
     LEFT JOIN dirty_accounts d ON d.account_id = a.id
     WHERE a.domain = ?`

export function scoresRepo(db: Db) {
  const currentByDomain = db.prepare<[string], ScoreRow & { id: number } & Servability>(
    `SELECT a.id, s.*, ${SERVABILITY_BY_DOMAIN}`,
  )
  const standingByDomain = db.prepare<
    [string],
    { computed_at: number | null; model_id: string | null; updated_at: number } & Servability
  >(`SELECT s.computed_at, s.model_id, a.updated_at, ${SERVABILITY_BY_DOMAIN}`)
  const summary = db.prepare<
    [number],
    { score: number; label: string; stage: string; model_id: string; surging_topics: string }
  >('SELECT score, label, stage, model_id, surging_topics FROM account_scores WHERE account_id = ?')
  const completeBody = db.prepare<[string, number, number]>(
    'UPDATE account_scores SET body = ? WHERE account_id = ? AND computed_at = ?',
  )
  const completeBodies = groupCommit(
    db,
    (row: { accountId: number; computedAt: number; body: string }) => {
      completeBody.run(row.body, row.accountId, row.computedAt)
    },
  )
  const dirtyBatch = db.prepare<[number], { account_id: number; domain: string }>(
    `SELECT d.account_id, a.domain FROM dirty_accounts d JOIN accounts a ON a.id = d.account_id
     ORDER BY d.since, d.account_id LIMIT ?`,
  )
  const markAll = db.prepare<[number]>(
    'INSERT INTO dirty_accounts (account_id, since) SELECT id, ? FROM accounts WHERE true ON CONFLICT (account_id) DO UPDATE SET since = excluded.since',
  )
  const history = db.prepare<
    [number, number, number],
    { day: number; score: number; probability: number; model_id: string }
  >(
    'SELECT day, score, probability, model_id FROM score_history WHERE account_id = ? AND day >= ? AND day <= ? ORDER BY day',
  )
  const saveMany = scoreWriter(db)
  const point = db.prepare<[number, number, number, number, string]>(
    `INSERT INTO score_history (account_id, day, score, probability, model_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (account_id, day) DO UPDATE SET score = excluded.score, probability = excluded.probability, model_id = excluded.model_id`,
  )
  const savePoints = db.transaction((accountId: number, points: HistoryPoint[]) => {
    for (const p of points) point.run(accountId, p.day, p.score, p.probability, p.modelId)
  })

  return {
    /**
     * The account's id, stored score, dirty mark and the active stored model (null while the
     * shipped default scores) in one read; null for an unknown domain.
     */
    async current(domain: string): Promise<{
      accountId: number
      score: StoredScore | null
      dirty: boolean
      activeModelId: string | null
    } | null> {
      const row = currentByDomain.get(domain)
      if (!row) return null
      return {
        accountId: row.id,
        score: row.account_id === null ? null : toScore(row),
        dirty: row.dirty === 1,
        activeModelId: row.active_model,
      }
    },
    /** `current` without the stored body, and the active model: what a cached look-up checks. */
    async standing(domain: string) {
      const row = standingByDomain.get(domain)
      if (!row) return null
      return {
        computedAt: row.computed_at,
        modelId: row.model_id,
        accountUpdatedAt: row.updated_at,
        dirty: row.dirty === 1,
        /** The id of the active stored model, or null while the shipped default scores. */
        activeModelId: row.active_model,
      }
    },
    /** What notifications compare a new score with, without the stored body. */
    async summary(accountId: number) {
      const row = summary.get(accountId)
      return row
        ? {
            score: row.score,
            label: row.label,
            stage: row.stage,
            modelId: row.model_id,
            surgingTopics: JSON.parse(row.surging_topics) as string[],
          }
        : null
    },
    /**
     * Replaces the body of the stored score computed at `computedAt`, if it is still that one.
     * Look-ups call it; those of the same moment share one commit.
     */
    completeBody: (accountId: number, computedAt: number, body: string): Promise<void> =>
      completeBodies({ accountId, computedAt, body }),
    /**
     * Stores current scores and today's history points, and queues the notifications and the
     * HubSpot write-backs they cause, in one transaction; clears each dirty mark unless data
     * arrived after `startedAt`. The segments the new scores move the accounts into or out of
     * change in it too, with the events `segmentEvents` makes of each move.
     */
    async saveMany(
      items: ScoreSave[],
      day: number,
      startedAt: number,
      segmentEvents: MembershipEvents | null = null,
    ): Promise<void> {
      saveMany.immediate(items, day, startedAt, segmentEvents)
    },
    async savePoints(accountId: number, points: HistoryPoint[]): Promise<void> {
      savePoints.immediate(accountId, points)
    },
    async history(accountId: number, fromDay: number, toDay: number): Promise<HistoryPoint[]> {
      return history.all(accountId, fromDay, toDay).map((r) => ({
        day: r.day,
        score: r.score,
        probability: r.probability,
        modelId: r.model_id,
      }))
    },
    async dirty(limit: number): Promise<{ accountId: number; domain: string }[]> {
      return dirtyBatch.all(limit).map((row) => ({ accountId: row.account_id, domain: row.domain }))
    },
    /** A new model scores everything again. */
    async markAllDirty(now: number): Promise<void> {
      markAll.run(now)
    },
    async leaderboard(query: LeaderboardQuery): Promise<(StoredScore & { domain: string })[]> {
      const { sql, params } = leaderboardSql(query)
      const rows = db.prepare<unknown[], ScoreRow & { domain: string }>(sql).all(...params)
      return rows.map((row) => ({ ...toScore(row), domain: row.domain }))
    },
  }
}

export type ScoresRepo = ReturnType<typeof scoresRepo>
