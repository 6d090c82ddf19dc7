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

  return function begin() {
    const windows = new Map<string, Set<number>>()

    const topicsOf = (accountId: number, occurredAt: number) => {
      const window = Math.floor(Math.floor(occurredAt / DAY_MS) / limit.windowDays)
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
       * Whether a signal of the account may carry a topic (its id, or null for one not created
       * yet); `admit` then records the id. False: store the signal without it.
       */
      allows(accountId: number, topicId: number | null, occurredAt: number): boolean {
        const topics = topicsOf(accountId, occurredAt)
        return (topicId !== null && topics.has(topicId)) || topics.size < limit.maxTopics
      },
      admit(accountId: number, topicId: number, occurredAt: number): void {
        topicsOf(accountId, occurredAt).add(topicId)
      },
    }
  }
}

export type TopicGate = ReturnType<ReturnType<typeof topicCap>>
