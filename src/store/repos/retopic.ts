import { DAY_MS } from '../../vocabulary.ts'
import type { Db } from '../db.ts'
import { identityStatements } from './identity.ts'
import { dayRebuilder, stalePeerBaselines } from './rollups.ts'
import { dirtyMarker } from './scores.ts'
import { DEFAULT_TOPIC_LIMIT, type TopicLimit } from './topic-cap.ts'

/** A stored signal without a topic that carries something a taxonomy can read. */
export interface TopiclessSignal {
  id: number
  accountId: number | null
  occurredAt: number
  url: string | null
  title: string | null
  query: string | null
}

/** A topic derived for a stored signal. */
export interface Retopic {
  id: number
  accountId: number | null
  occurredAt: number
  key: string
  label: string
}

export interface RetopicBatch {
  /** Signals that now have their derived topic. */
  updated: number
  /** Left topic-less: their account is at its topic limit in that window. */
  capped: number
  accounts: number[]
}

// Topic-less signals with evidence: never one whose sender named a topic (topic_source 'sent',
// even when the topic limit dropped it), never one already derived.
export const TOPICLESS = `topic_id IS NULL AND topic_source IS NULL
  AND (url IS NOT NULL OR title IS NOT NULL OR query IS NOT NULL)`

/** What `intent retopic` reads and writes: topic-less signals, their topics and rollups. */
export function retopicRepo(db: Db, topicLimit: TopicLimit = DEFAULT_TOPIC_LIMIT) {
  // The rowid walk reads the table front to back once over a whole run: no index is needed.
  const page = db.prepare<[number, number], TopiclessSignal>(
    `SELECT id, account_id AS accountId, occurred_at AS occurredAt, url, title, query
     FROM signals WHERE id > ? AND ${TOPICLESS} ORDER BY id LIMIT ?`,
  )
  const remaining = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM signals WHERE id > ? AND ${TOPICLESS}`,
  )
  const setTopic = db.prepare<[number, number]>(
    `UPDATE signals SET topic_id = ?, topic_source = 'derived' WHERE id = ? AND ${TOPICLESS}`,
  )
  const beginResolution = identityStatements(db, topicLimit)
  const rebuildDay = dayRebuilder(db)
  const stalePeers = stalePeerBaselines(db)
  const markDirty = dirtyMarker(db)

  /** One page in one transaction: topics, the rollups of the days they land on, dirty marks. */
  const apply = db.transaction((items: Retopic[], now: number): RetopicBatch => {
    const resolve = beginResolution(now)
    const days = new Map<string, [number, number]>()
    let updated = 0
    let capped = 0
    for (const item of items) {
      const topicId = resolve.signalTopic(item.accountId, item.key, item.label, item.occurredAt)
      if (topicId === null) {
        capped += 1
        continue
      }
      if (setTopic.run(topicId, item.id).changes === 0) continue
      updated += 1
      if (item.accountId === null) continue
      const day = Math.floor(item.occurredAt / DAY_MS)
      days.set(`${item.accountId}|${day}`, [item.accountId, day])
    }
    const accounts = new Set<number>()
    let firstDay = Number.POSITIVE_INFINITY
    let lastDay = Number.NEGATIVE_INFINITY
    for (const [accountId, day] of days.values()) {
      rebuildDay(accountId, day)
      accounts.add(accountId)
      firstDay = Math.min(firstDay, day)
      lastDay = Math.max(lastDay, day)
    }
    if (days.size > 0) stalePeers(firstDay, lastDay)
    markDirty(accounts, now)
    return { updated, capped, accounts: [...accounts] }
  })

  return {
    /** Topic-less signals with a url, title or query after id `afterId`, in id order. */
    async page(afterId: number, limit: number): Promise<TopiclessSignal[]> {
      return page.all(afterId, limit)
    },
    async remaining(afterId: number): Promise<number> {
      return remaining.get(afterId)!.n
    },
    async apply(items: Retopic[], now: number): Promise<RetopicBatch> {
      return apply.immediate(items, now)
    },
  }
}

export type RetopicRepo = ReturnType<typeof retopicRepo>
