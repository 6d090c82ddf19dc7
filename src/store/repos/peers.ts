import type { RollupRow } from '../../scoring/peer-totals.ts'
import type { Db } from '../db.ts'

export interface PeerAccount {
  id: number
  industry: string | null
  employees: number | null
}

export function peersRepo(db: Db) {
  const accounts = db.prepare<[], PeerAccount>('SELECT id, industry, employees FROM accounts')
  const topics = db.prepare<[], { id: number }>('SELECT id FROM topics ORDER BY id')
  // The (topic_id, day) index bounds the scan to the window's rows of one topic, in day order.
  const rows = db
    .prepare<[number, number, number], RollupRow>(
      `SELECT account_id, day, type, signals, people, weight_sum, weighted FROM topic_daily
       WHERE topic_id = ? AND day >= ? AND day <= ?`,
    )
    .raw()
  const get = db.prepare<[number, string], { computed_at: number; body: string }>(
    'SELECT computed_at, body FROM peer_baselines WHERE first_day = ? AND config_hash = ?',
  )
  const put = db.prepare<[number, number, string, number, string]>(
    `INSERT INTO peer_baselines (first_day, last_day, config_hash, computed_at, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (first_day, config_hash) DO UPDATE SET last_day = excluded.last_day,
       computed_at = excluded.computed_at, body = excluded.body`,
  )
  // Windows far in the past are not asked for again (training reaches a year back).
  const prune = db.prepare<[number]>('DELETE FROM peer_baselines WHERE first_day < ?')

  return {
    /** Every account's segment inputs. */
    async accounts(): Promise<PeerAccount[]> {
      return accounts.all()
    },
    async topicIds(): Promise<number[]> {
      return topics.all().map((row) => row.id)
    },
    /** Rollup rows of one topic over whole days [fromDay, toDay]. */
    async rows(topicId: number, fromDay: number, toDay: number): Promise<RollupRow[]> {
      return rows.all(topicId, fromDay, toDay)
    },
    async get(firstDay: number, configHash: string) {
      const row = get.get(firstDay, configHash)
      return row ? { computedAt: row.computed_at, body: row.body } : null
    },
    /** Stores the baselines of the window [firstDay, lastDay] computed at `now`. */
    async save(
      window: { firstDay: number; lastDay: number },
      configHash: string,
      body: string,
      now: number,
      keepFromDay: number,
    ) {
      db.transaction(() => {
        put.run(window.firstDay, window.lastDay, configHash, now, body)
        prune.run(keepFromDay)
      }).immediate()
    },
  }
}
export type PeersRepo = ReturnType<typeof peersRepo>
