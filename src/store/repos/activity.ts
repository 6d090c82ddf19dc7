import { DAY_MS, type SignalType } from '../../vocabulary.ts'
import type { DailyCell } from '../../scoring/activity.ts'
import type { FirstTouch, SignalFacet } from '../../scoring/feature-record.ts'
import type { Db } from '../db.ts'

export interface CellRow {
  topic_id: number
  day: number
  type: SignalType
  signals: number
  people: number
  weight_sum: number
  weighted: number
}

export const toCell = (row: CellRow): DailyCell => ({
  topicId: row.topic_id,
  day: row.day,
  type: row.type,
  signals: row.signals,
  people: row.people,
  weightSum: row.weight_sum,
  weighted: row.weighted,
})

type CellTuple = [
  topicId: number,
  day: number,
  type: SignalType,
  signals: number,
  people: number,
  weightSum: number,
  weighted: number,
]

const fromTuple = ([
  topicId,
  day,
  type,
  signals,
  people,
  weightSum,
  weighted,
]: CellTuple): DailyCell => ({
  topicId,
  day,
  type,
  signals,
  people,
  weightSum,
  weighted,
})

/**
 * Reads for scoring. Complete days come from the rollups; the day holding `asOf` is read
 * from that account's signals up to `asOf` (an index range of one day), so an answer "as of"
 * an instant never counts a signal that came after it.
 */
export function activityRepo(db: Db) {
  const accountId = db.prepare<[string], { id: number }>('SELECT id FROM accounts WHERE domain = ?')
  // As tuples: an active account has hundreds of cells, and a batch reads thousands of accounts.
  const fullDays = db
    .prepare<[number, number, number], CellTuple>(
      `SELECT topic_id, day, type, signals, people, weight_sum, weighted FROM topic_daily
       WHERE account_id = ? AND day >= ? AND day < ?`,
    )
    .raw()
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

  const facets = db.prepare<
    [number, number, number],
    {
      type: SignalType
      action: string | null
      source: string | null
      url: string | null
      signals: number
      duration: number
    }
  >(
    `SELECT type, action, source, url, count(*) AS signals, total(duration_seconds) AS duration
     FROM signals WHERE account_id = ? AND occurred_at > ? AND occurred_at <= ?
     GROUP BY type, action, source, url`,
  )
  const firstAt = db.prepare<[number, number], { at: number | null }>(
    'SELECT min(occurred_at) AS at FROM signals WHERE account_id = ? AND occurred_at <= ?',
  )
  const firstSource = db.prepare<[number, number], { source: string }>(
    `SELECT source FROM signals WHERE account_id = ? AND occurred_at <= ? AND source IS NOT NULL
     ORDER BY occurred_at LIMIT 1`,
  )
  const firstUrl = db.prepare<[number, number], { url: string }>(
    `SELECT url FROM signals WHERE account_id = ? AND occurred_at <= ? AND url IS NOT NULL
     ORDER BY occurred_at LIMIT 1`,
  )
  const days = db.prepare<[number, number], { day: number }>(
    'SELECT DISTINCT day FROM topic_daily WHERE account_id = ? AND day <= ? ORDER BY day',
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
      const cells = fullDays.all(account, fromDay, lastDay).map(fromTuple)
      for (const row of partialDay.all(lastDay, account, lastDay * DAY_MS, asOf))
        cells.push(toCell(row))
      return cells
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

    /** The account's signals in (from, asOf], grouped by type, action, channel and URL. */
    async signalFacets(account: number, from: number, asOf: number): Promise<SignalFacet[]> {
      return facets.all(account, from, asOf).map((row) => ({
        type: row.type,
        action: row.action,
        source: row.source,
        url: row.url,
        signals: row.signals,
        durationSeconds: row.duration,
      }))
    },

    /** The account's first signal by asOf, its first channel and its first URL. */
    async firstTouch(account: number, asOf: number): Promise<FirstTouch> {
      return {
        at: firstAt.get(account, asOf)?.at ?? null,
        source: firstSource.get(account, asOf)?.source ?? null,
        url: firstUrl.get(account, asOf)?.url ?? null,
      }
    },

    /** The days with a signal of an account, up to asOf's day, ascending (training's snapshot grid). */
    async signalDays(account: number, asOf: number): Promise<number[]> {
      return days.all(account, Math.floor(asOf / DAY_MS)).map((row) => row.day)
    },

    async lastSignalAt(account: number, asOf: number): Promise<number | null> {
      return lastSignal.get(account, asOf)?.at ?? null
    },
  }
}

export type ActivityRepo = ReturnType<typeof activityRepo>
