import type { SignalType } from '../../ingest/schemas.ts'
import type { DailyCell } from '../../scoring/activity.ts'
import type { Db } from '../db.ts'
import { DAY_MS } from './rollups.ts'

interface CellRow {
  topic_id: number
  day: number
  type: SignalType
  signals: number
  people: number
  weight_sum: number
  weighted: number
}

const toCell = (row: CellRow): DailyCell => ({
  topicId: row.topic_id,
  day: row.day,
  type: row.type,
  signals: row.signals,
  people: row.people,
  weightSum: row.weight_sum,
  weighted: row.weighted,
})

/**
 * Reads for scoring. Complete days come from the rollups; the day holding `asOf` is read
 * from that account's signals up to `asOf` (an index range of one day), so an answer "as of"
 * an instant never counts a signal that came after it.
 */
export function activityRepo(db: Db) {
  const accountId = db.prepare<[string], { id: number }>('SELECT id FROM accounts WHERE domain = ?')
  const fullDays = db.prepare<[number, number, number], CellRow>(
    `SELECT topic_id, day, type, signals, people, weight_sum, weighted FROM topic_daily
     WHERE account_id = ? AND day >= ? AND day < ?`,
  )
  const partialDay = db.prepare<[number, number, number, number], CellRow>(
    `SELECT coalesce(topic_id, 0) AS topic_id, ? AS day, type, count(*) AS signals,
            count(DISTINCT contact_id) + sum(contact_id IS NULL) AS people,
            total(weight) AS weight_sum, count(weight) AS weighted
     FROM signals WHERE account_id = ? AND occurred_at >= ? AND occurred_at <= ?
     GROUP BY coalesce(topic_id, 0), type`,
  )
  const contactsByTopic = db.prepare<
    [number, number, number, number, number, number],
    { topic_id: number; n: number }
  >(
    `SELECT topic_id, count(DISTINCT contact_id) AS n FROM (
       SELECT topic_id, contact_id FROM topic_daily_people
       WHERE account_id = ? AND topic_id > 0 AND day >= ? AND day < ?
       UNION ALL
       SELECT topic_id, contact_id FROM signals
       WHERE account_id = ? AND topic_id IS NOT NULL AND contact_id IS NOT NULL
         AND occurred_at >= ? AND occurred_at <= ?
     ) GROUP BY topic_id`,
  )
  const engaged = db.prepare<
    [number, number, number, number, number, number],
    { title: string | null; function_override: string | null; seniority_override: string | null }
  >(
    `SELECT c.title, c.function_override, c.seniority_override FROM contacts c WHERE c.id IN (
       SELECT contact_id FROM topic_daily_people WHERE account_id = ? AND day >= ? AND day < ?
       UNION
       SELECT contact_id FROM signals
       WHERE account_id = ? AND contact_id IS NOT NULL AND occurred_at >= ? AND occurred_at <= ?)`,
  )
  // Training needs this once; the rollups are far smaller than the signals they summarize.
  const earliest = db.prepare<[], { at: number | null }>(
    `SELECT min(day) * ${DAY_MS} AS at FROM topic_daily`,
  )
  const firstDay = db.prepare<[number, number], { day: number | null }>(
    'SELECT min(day) AS day FROM topic_daily WHERE account_id = ? AND day < ?',
  )
  const lastSignal = db.prepare<[number, number], { at: number | null }>(
    'SELECT max(occurred_at) AS at FROM signals WHERE account_id = ? AND occurred_at <= ?',
  )

  const withSignals = db.prepare<[string, number], { id: number }>(
    `SELECT j.value AS id FROM json_each(?) j
     WHERE EXISTS (SELECT 1 FROM signals s WHERE s.account_id = j.value AND s.occurred_at <= ?)`,
  )

  return {
    /** Which of the accounts have at least one signal that occurred by asOf (one seek each). */
    async withSignals(accountIds: number[], asOf: number): Promise<Set<number>> {
      return new Set(withSignals.all(JSON.stringify(accountIds), asOf).map((row) => row.id))
    },

    async accountIdOf(domain: string): Promise<number | null> {
      return accountId.get(domain)?.id ?? null
    },

    /** Cells of days [fromDay, lastDay), plus the last day's signals up to asOf. */
    async cells(
      account: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<DailyCell[]> {
      const rows = fullDays.all(account, fromDay, lastDay)
      rows.push(...partialDay.all(lastDay, account, lastDay * DAY_MS, asOf))
      return rows.map(toCell)
    },

    async contactsByTopic(
      account: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<Map<number, number>> {
      const rows = contactsByTopic.all(account, fromDay, lastDay, account, lastDay * DAY_MS, asOf)
      return new Map(rows.map((row) => [row.topic_id, row.n]))
    },

    /** Titles and overrides of the distinct contacts active in days [fromDay, lastDay), or on lastDay up to asOf. */
    async engagedContacts(
      account: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<
      { title: string | null; functionOverride: string | null; seniorityOverride: string | null }[]
    > {
      return engaged.all(account, fromDay, lastDay, account, lastDay * DAY_MS, asOf).map((row) => ({
        title: row.title,
        functionOverride: row.function_override,
        seniorityOverride: row.seniority_override,
      }))
    },

    /** The start of the day of the oldest signal stored for an account. */
    async earliestSignalAt(): Promise<number | null> {
      return earliest.get()?.at ?? null
    },

    /** The first day with any signal of the account, up to asOf. */
    async firstSeenDay(account: number, lastDay: number, asOf: number): Promise<number | null> {
      const day = firstDay.get(account, lastDay)?.day ?? null
      if (day !== null) return day
      return partialDay.all(lastDay, account, lastDay * DAY_MS, asOf).length > 0 ? lastDay : null
    },

    async lastSignalAt(account: number, asOf: number): Promise<number | null> {
      return lastSignal.get(account, asOf)?.at ?? null
    },
  }
}

export type ActivityRepo = ReturnType<typeof activityRepo>
