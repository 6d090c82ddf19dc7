import type { Db } from '../db.ts'

export { DAY_MS } from '../../scoring/activity.ts'
import { DAY_MS } from '../../scoring/activity.ts'

/** What one stored signal adds to the daily rollups. */
export interface RollupContribution {
  accountId: number
  topicId: number | null
  occurredAt: number
  type: string
  contactId: number | null
  weight: number | null
}

/**
 * Writes rollups inside the caller's transaction. A batch is folded in memory first so that
 * 1,000 signals of one account and day cost one upsert, not 1,000.
 */
export function rollupWriter(db: Db) {
  const addPerson = db.prepare<[number, number, number, string, number]>(
    'INSERT INTO topic_daily_people (account_id, topic_id, day, type, contact_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const addCell = db.prepare<[number, number, number, string, number, number, number, number]>(
    `INSERT INTO topic_daily (account_id, topic_id, day, type, signals, people, weight_sum, weighted)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, day, topic_id, type) DO UPDATE SET
       signals = signals + excluded.signals, people = people + excluded.people,
       weight_sum = weight_sum + excluded.weight_sum, weighted = weighted + excluded.weighted`,
  )

  // Peer baselines summarize the rollups of their window: a change inside it makes them stale.
  const stalePeers = db.prepare<[number, number]>(
    'DELETE FROM peer_baselines WHERE first_day <= ? AND last_day >= ?',
  )

  return function addToRollups(contributions: RollupContribution[]): void {
    let firstDay = Number.POSITIVE_INFINITY
    let lastDay = Number.NEGATIVE_INFINITY
    const cells = new Map<
      string,
      [number, number, number, string, number, number, number, number]
    >()
    for (const c of contributions) {
      const topicId = c.topicId ?? 0
      const day = Math.floor(c.occurredAt / DAY_MS)
      if (day < firstDay) firstDay = day
      if (day > lastDay) lastDay = day
      const key = `${c.accountId}|${topicId}|${day}|${c.type}`
      let cell = cells.get(key)
      if (!cell) {
        cell = [c.accountId, topicId, day, c.type, 0, 0, 0, 0]
        cells.set(key, cell)
      }
      const newPerson =
        c.contactId === null
          ? 1
          : addPerson.run(c.accountId, topicId, day, c.type, c.contactId).changes
      cell[4] += 1
      cell[5] += newPerson
      if (c.weight !== null) {
        cell[6] += c.weight
        cell[7] += 1
      }
    }
    for (const cell of cells.values()) addCell.run(...cell)
    if (cells.size > 0) stalePeers.run(lastDay, firstDay)
  }
}

export type AddToRollups = ReturnType<typeof rollupWriter>
