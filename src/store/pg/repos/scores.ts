import {
  type HistoryPoint,
  type LeaderboardQuery,
  type ScoreRow,
  type ScoreSave,
  type ScoresRepo,
  type StoredScore,
  toScore,
} from '../../repos/scores.ts'
import type { MembershipEvents } from '../../repos/segment-members.ts'
import type { PgDb, Row } from '../client.ts'
import { pgScoreFilterSql } from './score-filters.ts'
import { pgScoreWriter } from './score-writer.ts'

/**
 * How long `dirty` claims the marks it returns (migration 0003): longer than a refresh batch
 * takes to score and store, short enough that a replica dying mid-batch delays those accounts
 * only briefly. Storing a score ends its claim at once.
 */
export const DIRTY_CLAIM_MS = 120_000

/** The database's clock in epoch ms: the one every replica's claims are measured by. */
const DB_NOW = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint'

interface Servability {
  dirty: boolean
  active_model: string | null
}

const SERVABILITY_BY_DOMAIN = `d.account_id IS NOT NULL AS dirty,
            (SELECT id FROM models WHERE active = 1) AS active_model
     FROM accounts a
     LEFT JOIN account_scores s ON s.account_id = a.id
     LEFT JOIN dirty_accounts d ON d.account_id = a.id
     WHERE a.domain = $1`

/** The API leaderboard's statement, keyset-paged by (score, domain), as SQLite's leaderboardSql. */
export function pgLeaderboardSql(query: LeaderboardQuery): { sql: string; params: unknown[] } {
  const { sql, params, nextParam } = pgScoreFilterSql(query, 1, (add) => {
    if (query.after)
      add(
        '(s.score < ?::double precision OR (s.score = ?::double precision AND a.domain > ?::text))',
        query.after.score,
        query.after.score,
        query.after.domain,
      )
  })
  return {
    sql: `SELECT s.*, a.domain FROM account_scores s JOIN accounts a ON a.id = s.account_id
        ${sql} ORDER BY s.score DESC, a.domain LIMIT $${nextParam}`,
    params: [...params, query.limit],
  }
}

export function pgScoresRepo(db: PgDb): ScoresRepo {
  const saveMany = pgScoreWriter(db)
  return {
    async current(domain: string) {
      const row = await db.one<ScoreRow & { id: number } & Servability & Row>(
        `SELECT a.id, s.*, ${SERVABILITY_BY_DOMAIN}`,
        [domain],
      )
      if (!row) return null
      return {
        accountId: row.id,
        score: row.account_id === null ? null : toScore(row),
        dirty: row.dirty === true,
        activeModelId: row.active_model,
      }
    },

    async standing(domain: string) {
      const row = await db.one<
        { computed_at: number | null; model_id: string | null; updated_at: number } & Servability &
          Row
      >(`SELECT s.computed_at, s.model_id, a.updated_at, ${SERVABILITY_BY_DOMAIN}`, [domain])
      if (!row) return null
      return {
        computedAt: row.computed_at,
        modelId: row.model_id,
        accountUpdatedAt: row.updated_at,
        dirty: row.dirty === true,
        activeModelId: row.active_model,
      }
    },

    async summary(accountId: number) {
      const row = await db.one<{
        score: number
        label: string
        stage: string
        model_id: string
        surging_topics: string
      }>(
        'SELECT score, label, stage, model_id, surging_topics FROM account_scores WHERE account_id = $1',
        [accountId],
      )
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

    /** One statement per call: PostgreSQL commits it on its own, no group commit to share. */
    async completeBody(accountId: number, computedAt: number, body: string): Promise<void> {
      await db.run(
        'UPDATE account_scores SET body = $1 WHERE account_id = $2 AND computed_at = $3',
        [body, accountId, computedAt],
      )
    },

    async saveMany(
      items: ScoreSave[],
      day: number,
      startedAt: number,
      segmentEvents: MembershipEvents | null = null,
    ): Promise<void> {
      await saveMany(items, day, startedAt, segmentEvents)
    },

    /** The last point of a day wins, as SQLite's one upsert per point in turn. */
    async savePoints(accountId: number, points: HistoryPoint[]): Promise<void> {
      const byDay = new Map<number, HistoryPoint>()
      for (const p of points) byDay.set(p.day, p)
      const unique = [...byDay.values()].sort((a, b) => a.day - b.day)
      if (unique.length === 0) return
      await db.run(
        `INSERT INTO score_history (account_id, day, score, probability, model_id)
         SELECT $1, u.day, u.score, u.probability, u.model_id
         FROM unnest($2::bigint[], $3::bigint[], $4::double precision[], $5::text[])
           AS u(day, score, probability, model_id)
         ON CONFLICT (account_id, day) DO UPDATE SET score = excluded.score,
           probability = excluded.probability, model_id = excluded.model_id`,
        [
          accountId,
          unique.map((p) => p.day),
          unique.map((p) => p.score),
          unique.map((p) => p.probability),
          unique.map((p) => p.modelId),
        ],
      )
    },

    async history(accountId: number, fromDay: number, toDay: number): Promise<HistoryPoint[]> {
      const rows = await db.query<{
        day: number
        score: number
        probability: number
        model_id: string
      }>(
        'SELECT day, score, probability, model_id FROM score_history WHERE account_id = $1 AND day >= $2 AND day <= $3 ORDER BY day',
        [accountId, fromDay, toDay],
      )
      return rows.map((r) => ({
        day: r.day,
        score: r.score,
        probability: r.probability,
        modelId: r.model_id,
      }))
    },

    /**
     * The oldest marks first, as SQLite's, but CLAIMED: marks another replica's refresher holds
     * (locked now, or claimed within DIRTY_CLAIM_MS and not yet stored) are skipped, so two
     * replicas never score one account at once. Storing its score (saveMany) ends the claim.
     */
    async dirty(limit: number): Promise<{ accountId: number; domain: string }[]> {
      const rows = await db.query<{ account_id: number; domain: string; since: number }>(
        `WITH now AS (SELECT ${DB_NOW} AS ms),
         picked AS (
           SELECT d.account_id FROM dirty_accounts d, now
           WHERE d.claimed_until IS NULL OR d.claimed_until <= now.ms
           ORDER BY d.since, d.account_id LIMIT $1
           FOR UPDATE OF d SKIP LOCKED)
         UPDATE dirty_accounts d SET claimed_until = now.ms + $2
         FROM picked, now, accounts a
         WHERE d.account_id = picked.account_id AND a.id = d.account_id
         RETURNING d.account_id, a.domain, d.since`,
        [limit, DIRTY_CLAIM_MS],
      )
      return rows
        .sort((x, y) => x.since - y.since || x.account_id - y.account_id)
        .map((row) => ({ accountId: row.account_id, domain: row.domain }))
    },

    async markAllDirty(now: number): Promise<void> {
      await db.run(
        `INSERT INTO dirty_accounts (account_id, since) SELECT id, $1 FROM accounts ORDER BY id
         ON CONFLICT (account_id) DO UPDATE SET since = excluded.since`,
        [now],
      )
    },

    async leaderboard(query: LeaderboardQuery): Promise<(StoredScore & { domain: string })[]> {
      const { sql, params } = pgLeaderboardSql(query)
      const rows = await db.query<ScoreRow & { domain: string } & Row>(sql, params)
      return rows.map((row) => ({ ...toScore(row), domain: row.domain }))
    },
  }
}
