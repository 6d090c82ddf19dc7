import { DAY_MS } from '../../vocabulary.ts'
import type { Db } from '../db.ts'

/**
 * How many distinct topics one account may gain per window of `windowDays` (windows aligned on
 * the Unix epoch, so each day belongs to exactly one). Past it, a signal on a topic new to the
 * window is stored without its topic: it still counts as activity, not as a topic. A look-up
 * reads about five windows, so it sees a few thousand topics at most, however many are sent.
 */
export interface TopicLimit {
  maxTopics: number
  windowDays: number
}

export const DEFAULT_TOPIC_LIMIT: TopicLimit = { maxTopics: 1000, windowDays: 21 }

/**
 * The limit, applied inside a write transaction: each window's topics are read once from the
 * rollups, then kept up to date in memory as the batch admits new ones.
 */
export function topicCap(db: Db, limit: TopicLimit) {
  const topicsIn = db.prepare<[number, number, number], { topic_id: number }>(
    'SELECT DISTINCT topic_id FROM topic_daily WHERE account_id = ? AND day >= ? AND day <= ? AND topic_id > 0',
  )

  // The same sets for many (account, window) pairs in one call: a batch names hundreds.
  const topicsInMany = db.prepare<
    [string],
    { account_id: number; window: number; topic_id: number }
  >(
    `SELECT w.value ->> 0 AS account_id, w.value ->> 1 AS window, t.topic_id
     FROM json_each(?) w
     JOIN topic_daily t ON t.account_id = w.value ->> 0
       AND t.day >= w.value ->> 2 AND t.day <= w.value ->> 3 AND t.topic_id > 0
     GROUP BY 1, 2, 3`,
  )
  // At least as many as there are topics (ids are never reused): an O(1) upper bound.
  const topicsAtMost = db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM topics')
  const windowOf = (occurredAt: number) =>
    Math.floor(Math.floor(occurredAt / DAY_MS) / limit.windowDays)

  return function begin() {
    const windows = new Map<string, Set<number>>()
    // True once the batch is known to stay within the limit whatever it sends (see prefetch).
    let roomy = false

    const topicsOf = (accountId: number, occurredAt: number) => {
      const window = windowOf(occurredAt)
      const key = `${accountId}|${window}`
      let topics = windows.get(key)
      if (topics === undefined) {
        const first = window * limit.windowDays
        topics = new Set(
          topicsIn.all(accountId, first, first + limit.windowDays - 1).map((row) => row.topic_id),
        )
        windows.set(key, topics)
      }
      return topics
    }

    return {
      /**
       * Reads the topics of every (account, window) the signals fall in, in one query, before
       * the batch asks `allows` one signal at a time. Only an optimisation: a pair not read
       * here is read when first asked.
       */
      prefetch(
        signals: Iterable<{ accountId: number; occurredAt: number }>,
        topicsInBatch: number,
      ): void {
        // No account can hold more topics than the service knows: when even every topic there
        // is, with every one this batch may add, fits in the limit, no signal can pass it.
        if (topicsAtMost.get()!.n + topicsInBatch <= limit.maxTopics) {
          roomy = true
          return
        }
        const wanted = new Map<string, [number, number, number, number]>()
        for (const { accountId, occurredAt } of signals) {
          const window = windowOf(occurredAt)
          const key = `${accountId}|${window}`
          if (windows.has(key) || wanted.has(key)) continue
          const first = window * limit.windowDays
          wanted.set(key, [accountId, window, first, first + limit.windowDays - 1])
          windows.set(key, new Set())
        }
        if (wanted.size === 0) return
        for (const row of topicsInMany.all(JSON.stringify([...wanted.values()])))
          windows.get(`${row.account_id}|${row.window}`)!.add(row.topic_id)
      },
      /**
       * Whether a signal of the account may carry a topic (its id, or null for one not created
       * yet); `admit` then records the id. False: store the signal without it.
       */
      allows(accountId: number, topicId: number | null, occurredAt: number): boolean {
        if (roomy) return true
        const topics = topicsOf(accountId, occurredAt)
        return (topicId !== null && topics.has(topicId)) || topics.size < limit.maxTopics
      },
      admit(accountId: number, topicId: number, occurredAt: number): void {
        if (roomy) return
        topicsOf(accountId, occurredAt).add(topicId)
      },
    }
  }
}

export type TopicGate = ReturnType<ReturnType<typeof topicCap>>
