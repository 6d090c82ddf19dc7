import type { DailyCell } from '../../../scoring/activity.ts'
import type { FirstTouch, SignalFacet } from '../../../scoring/feature-record.ts'
import { DAY_MS, type SignalType } from '../../../vocabulary.ts'
import { type ActivityRepo, type CellRow, toCell } from '../../repos/activity.ts'
import type { PgDb } from '../client.ts'

// Orders: SQLite gives these rows in the order of the index it reads (topic_daily is WITHOUT
// ROWID, keyed (account_id, day, topic_id, type)); GROUP BY yields groups in key order with NULLs
// first. PostgreSQL promises no order without ORDER BY, so each statement names SQLite's.

const FULL_DAYS = `SELECT topic_id, day, type, signals, people, weight_sum, weighted FROM topic_daily
  WHERE account_id = $1 AND day >= $2 AND day < $3 ORDER BY day, topic_id, type`

// SQLite's total() is a float, 0.0 over no non-null value, added with compensation:
// intent_total (migration 0004) adds as it does. sum(contact_id IS NULL) counts the anonymous
// signals (each is a person of its own).
const PARTIAL_DAY = `SELECT coalesce(topic_id, 0) AS topic_id, $1::bigint AS day, type,
    count(*) AS signals,
    count(DISTINCT contact_id) + count(*) FILTER (WHERE contact_id IS NULL) AS people,
    intent_total(weight) AS weight_sum, count(weight) AS weighted
  FROM signals WHERE account_id = $2 AND occurred_at >= $3 AND occurred_at <= $4
  GROUP BY coalesce(topic_id, 0), type ORDER BY 1, type`

/** Reads for scoring, as SQLite's activityRepo (see there). */
export function pgActivityRepo(db: PgDb): ActivityRepo {
  const partialDay = (account: number, lastDay: number, asOf: number) =>
    db.query<CellRow & Record<string, unknown>>(PARTIAL_DAY, [
      lastDay,
      account,
      lastDay * DAY_MS,
      asOf,
    ])

  return {
    async withSignals(accountIds: number[], asOf: number): Promise<Set<number>> {
      if (accountIds.length === 0) return new Set()
      const rows = await db.query<{ id: number }>(
        `SELECT j.id FROM unnest($1::bigint[]) AS j (id)
         WHERE EXISTS (SELECT 1 FROM signals s WHERE s.account_id = j.id AND s.occurred_at <= $2)`,
        [accountIds, asOf],
      )
      return new Set(rows.map((row) => row.id))
    },

    async accountIdOf(domain: string): Promise<number | null> {
      const row = await db.one<{ id: number }>('SELECT id FROM accounts WHERE domain = $1', [
        domain,
      ])
      return row?.id ?? null
    },

    async cells(
      account: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<DailyCell[]> {
      const [full, partial] = await Promise.all([
        db.query<CellRow & Record<string, unknown>>(FULL_DAYS, [account, fromDay, lastDay]),
        partialDay(account, lastDay, asOf),
      ])
      return [...full.map(toCell), ...partial.map(toCell)]
    },

    async contactsByTopic(
      account: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<Map<number, number>> {
      const rows = await db.query<{ topic_id: number; n: number }>(
        `SELECT topic_id, count(DISTINCT contact_id) AS n FROM (
           SELECT topic_id, contact_id FROM topic_daily_people
           WHERE account_id = $1 AND topic_id > 0 AND day >= $2 AND day < $3
           UNION ALL
           SELECT topic_id, contact_id FROM signals
           WHERE account_id = $1 AND topic_id IS NOT NULL AND contact_id IS NOT NULL
             AND occurred_at >= $4 AND occurred_at <= $5
         ) AS active GROUP BY topic_id ORDER BY topic_id`,
        [account, fromDay, lastDay, lastDay * DAY_MS, asOf],
      )
      return new Map(rows.map((row) => [row.topic_id, row.n]))
    },

    async engagedContacts(
      account: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<
      { title: string | null; functionOverride: string | null; seniorityOverride: string | null }[]
    > {
      const rows = await db.query<{
        title: string | null
        function_override: string | null
        seniority_override: string | null
      }>(
        `SELECT c.title, c.function_override, c.seniority_override FROM contacts c WHERE c.id IN (
           SELECT contact_id FROM topic_daily_people WHERE account_id = $1 AND day >= $2 AND day < $3
           UNION
           SELECT contact_id FROM signals
           WHERE account_id = $1 AND contact_id IS NOT NULL AND occurred_at >= $4 AND occurred_at <= $5)
         ORDER BY c.id`,
        [account, fromDay, lastDay, lastDay * DAY_MS, asOf],
      )
      return rows.map((row) => ({
        title: row.title,
        functionOverride: row.function_override,
        seniorityOverride: row.seniority_override,
      }))
    },

    async earliestSignalAt(): Promise<number | null> {
      const row = await db.one<{ at: number | null }>(
        `SELECT min(day) * ${DAY_MS} AS at FROM topic_daily`,
      )
      return row?.at ?? null
    },

    async firstSeenDay(account: number, lastDay: number, asOf: number): Promise<number | null> {
      const row = await db.one<{ day: number | null }>(
        'SELECT min(day) AS day FROM topic_daily WHERE account_id = $1 AND day < $2',
        [account, lastDay],
      )
      if (row?.day != null) return row.day
      return (await partialDay(account, lastDay, asOf)).length > 0 ? lastDay : null
    },

    async signalFacets(account: number, from: number, asOf: number): Promise<SignalFacet[]> {
      const rows = await db.query<{
        type: SignalType
        action: string | null
        source: string | null
        url: string | null
        signals: number
        duration: number
      }>(
        `SELECT type, action, source, url, count(*) AS signals,
                coalesce(sum(duration_seconds), 0)::double precision AS duration
         FROM signals WHERE account_id = $1 AND occurred_at > $2 AND occurred_at <= $3
         GROUP BY type, action, source, url
         ORDER BY type, action NULLS FIRST, source NULLS FIRST, url NULLS FIRST`,
        [account, from, asOf],
      )
      return rows.map((row) => ({
        type: row.type,
        action: row.action,
        source: row.source,
        url: row.url,
        signals: row.signals,
        durationSeconds: row.duration,
      }))
    },

    async firstTouch(account: number, asOf: number): Promise<FirstTouch> {
      // One round trip; ties on occurred_at go to the lower id, as SQLite's index walk does.
      const row = await db.one<{ at: number | null; source: string | null; url: string | null }>(
        `SELECT
           (SELECT min(occurred_at) FROM signals WHERE account_id = $1 AND occurred_at <= $2) AS at,
           (SELECT source FROM signals WHERE account_id = $1 AND occurred_at <= $2
              AND source IS NOT NULL ORDER BY occurred_at, id LIMIT 1) AS source,
           (SELECT url FROM signals WHERE account_id = $1 AND occurred_at <= $2
              AND url IS NOT NULL ORDER BY occurred_at, id LIMIT 1) AS url`,
        [account, asOf],
      )
      return { at: row?.at ?? null, source: row?.source ?? null, url: row?.url ?? null }
    },

    async signalDays(account: number, asOf: number): Promise<number[]> {
      const rows = await db.query<{ day: number }>(
        'SELECT DISTINCT day FROM topic_daily WHERE account_id = $1 AND day <= $2 ORDER BY day',
        [account, Math.floor(asOf / DAY_MS)],
      )
      return rows.map((row) => row.day)
    },

    async lastSignalAt(account: number, asOf: number): Promise<number | null> {
      const row = await db.one<{ at: number | null }>(
        'SELECT max(occurred_at) AS at FROM signals WHERE account_id = $1 AND occurred_at <= $2',
        [account, asOf],
      )
      return row?.at ?? null
    },
  }
}
