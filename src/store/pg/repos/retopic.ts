import { DAY_MS } from '../../../vocabulary.ts'
import {
  type Retopic,
  type RetopicBatch,
  type RetopicRepo,
  TOPICLESS,
  type TopiclessSignal,
} from '../../repos/retopic.ts'
import type { TopicLimit } from '../../repos/topic-cap.ts'
import type { PgDb } from '../client.ts'
import { pgIdentityStatements } from './identity.ts'
import { markDirty } from './in-transaction.ts'
import { rebuildDay, stalePeerBaselines } from './rollups.ts'

/**
 * SQLite's retopic repository on PostgreSQL. A page's topics are set by one UPDATE whose
 * `TOPICLESS` guard is evaluated again on rows another replica changed meanwhile, so of two
 * replicas retopicking one page each signal is updated (and counted) once.
 */
export function pgRetopicRepo(db: PgDb, topicLimit: TopicLimit): RetopicRepo {
  const beginResolution = pgIdentityStatements(topicLimit)
  return {
    async page(afterId: number, limit: number): Promise<TopiclessSignal[]> {
      return db.query<TopiclessSignal & Record<string, unknown>>(
        `SELECT id, account_id AS "accountId", occurred_at AS "occurredAt", url, title, query
         FROM signals WHERE id > $1 AND ${TOPICLESS} ORDER BY id LIMIT $2`,
        [afterId, limit],
      )
    },
    async remaining(afterId: number): Promise<number> {
      const row = await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM signals WHERE id > $1 AND ${TOPICLESS}`,
        [afterId],
      )
      return row!.n
    },
    async apply(items: Retopic[], now: number): Promise<RetopicBatch> {
      return db.tx(async (q) => {
        const resolve = beginResolution(q, now)
        await resolve.prefetchTopics(items.map((item) => item.key))
        let capped = 0
        const chosen: { item: Retopic; topicId: number }[] = []
        for (const item of items) {
          const topicId = await resolve.signalTopic(
            item.accountId,
            item.key,
            item.label,
            item.occurredAt,
          )
          if (topicId === null) capped += 1
          else chosen.push({ item, topicId })
        }
        const realTopic = await resolve.flushTopics()
        for (const c of chosen) c.topicId = realTopic(c.topicId)!
        const changed =
          chosen.length === 0
            ? []
            : await q.query<{ id: number }>(
                `UPDATE signals SET topic_id = u.topic_id, topic_source = 'derived'
                 FROM unnest($1::bigint[], $2::bigint[]) AS u(id, topic_id)
                 WHERE signals.id = u.id AND ${TOPICLESS.replaceAll(/\b(topic_id|topic_source|url|title|query)\b/g, 'signals.$1')}
                 RETURNING signals.id`,
                [chosen.map((c) => c.item.id), chosen.map((c) => c.topicId)],
              )
        const updatedIds = new Set(changed.map((row) => row.id))
        const days = new Map<string, [number, number]>()
        for (const { item } of chosen) {
          if (!updatedIds.has(item.id) || item.accountId === null) continue
          const day = Math.floor(item.occurredAt / DAY_MS)
          days.set(`${item.accountId}|${day}`, [item.accountId, day])
        }
        const accounts = new Set<number>()
        let firstDay = Number.POSITIVE_INFINITY
        let lastDay = Number.NEGATIVE_INFINITY
        for (const [accountId, day] of days.values()) {
          await rebuildDay(q, accountId, day)
          accounts.add(accountId)
          firstDay = Math.min(firstDay, day)
          lastDay = Math.max(lastDay, day)
        }
        if (days.size > 0) await stalePeerBaselines(q, firstDay, lastDay)
        await markDirty(q, accounts, now)
        return { updated: updatedIds.size, capped, accounts: [...accounts] }
      })
    },
  }
}
