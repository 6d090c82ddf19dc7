import { DAY_MS } from '../../../vocabulary.ts'
import type { TopicLimit } from '../../repos/topic-cap.ts'
import type { Queryable } from '../client.ts'

/**
 * SQLite's topicCap on PostgreSQL: each (account, window)'s topics read once from the rollups,
 * then kept up to date in memory as the batch admits new ones. Before reading (the "roomy"
 * count included), the accounts' rows are locked (sorted, FOR NO KEY UPDATE, which signal
 * inserts' foreign-key checks do not wait for), so two replicas cannot both admit an account's
 * last free topic slot; batches of one account already wait for each other on its rollup and
 * dirty rows, so this adds no new waiting.
 */
export function pgTopicCap(limit: TopicLimit) {
  const windowOf = (occurredAt: number) =>
    Math.floor(Math.floor(occurredAt / DAY_MS) / limit.windowDays)

  return function begin(q: Queryable) {
    const windows = new Map<string, Set<number>>()
    const locked = new Set<number>()
    let roomy = false

    const lock = async (accountIds: number[]) => {
      const ids = [...new Set(accountIds)].filter((id) => !locked.has(id)).sort((a, b) => a - b)
      if (ids.length === 0) return
      await q.query(
        'SELECT id FROM accounts WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE',
        [ids],
      )
      for (const id of ids) locked.add(id)
    }

    const topicsOf = async (accountId: number, occurredAt: number) => {
      const window = windowOf(occurredAt)
      const key = `${accountId}|${window}`
      let topics = windows.get(key)
      if (topics === undefined) {
        await lock([accountId])
        const first = window * limit.windowDays
        const rows = await q.query<{ topic_id: number }>(
          'SELECT DISTINCT topic_id FROM topic_daily WHERE account_id = $1 AND day >= $2 AND day <= $3 AND topic_id > 0',
          [accountId, first, first + limit.windowDays - 1],
        )
        topics = new Set(rows.map((row) => row.topic_id))
        windows.set(key, topics)
      }
      return topics
    }

    return {
      async prefetch(
        signals: Iterable<{ accountId: number; occurredAt: number }>,
        topicsInBatch: number,
      ): Promise<void> {
        // Locked first, then counted: the count then sees every topic a batch of these accounts
        // committed before, and no batch of them can add one until this one commits.
        const list = [...signals]
        await lock(list.map((signal) => signal.accountId))
        const most = await q.one<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM topics')
        if (most!.n + topicsInBatch <= limit.maxTopics) {
          roomy = true
          return
        }
        const wanted = new Map<string, [number, number, number, number]>()
        for (const { accountId, occurredAt } of list) {
          const window = windowOf(occurredAt)
          const key = `${accountId}|${window}`
          if (windows.has(key) || wanted.has(key)) continue
          const first = window * limit.windowDays
          wanted.set(key, [accountId, window, first, first + limit.windowDays - 1])
        }
        if (wanted.size === 0) return
        const pairs = [...wanted.values()]
        for (const key of wanted.keys()) windows.set(key, new Set())
        const rows = await q.query<{ account_id: number; win: number; topic_id: number }>(
          `SELECT w.account_id, w.win, t.topic_id
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) AS w(account_id, win, first, last)
           JOIN topic_daily t ON t.account_id = w.account_id
             AND t.day >= w.first AND t.day <= w.last AND t.topic_id > 0
           GROUP BY 1, 2, 3`,
          [0, 1, 2, 3].map((i) => pairs.map((pair) => pair[i])),
        )
        for (const row of rows) windows.get(`${row.account_id}|${row.win}`)!.add(row.topic_id)
      },
      async allows(accountId: number, topicId: number | null, occurredAt: number) {
        if (roomy) return true
        const topics = await topicsOf(accountId, occurredAt)
        return (topicId !== null && topics.has(topicId)) || topics.size < limit.maxTopics
      },
      async admit(accountId: number, topicId: number, occurredAt: number) {
        if (roomy) return
        ;(await topicsOf(accountId, occurredAt)).add(topicId)
      },
    }
  }
}

export type PgTopicGate = ReturnType<ReturnType<typeof pgTopicCap>>
