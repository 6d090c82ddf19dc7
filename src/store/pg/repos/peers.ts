import type { RollupRow } from '../../../scoring/peer-totals.ts'
import type { SignalType } from '../../../vocabulary.ts'
import type { PeerAccount, PeersRepo } from '../../repos/peers.ts'
import type { PgDb } from '../client.ts'

export function pgPeersRepo(db: PgDb): PeersRepo {
  return {
    async accounts(): Promise<PeerAccount[]> {
      // SQLite reads the table in rowid (id) order.
      return db.query<PeerAccount & Record<string, unknown>>(
        'SELECT id, industry, employees FROM accounts ORDER BY id',
      )
    },
    async topicIds(): Promise<number[]> {
      const rows = await db.query<{ id: number }>('SELECT id FROM topics ORDER BY id')
      return rows.map((row) => row.id)
    },
    async rows(topicId: number, fromDay: number, toDay: number): Promise<RollupRow[]> {
      // SQLite walks the (topic_id, day) index of a WITHOUT ROWID table: ties in day go by the
      // rest of the primary key (account_id, type). The window's rows of one topic in one query.
      const rows = await db.query<{
        account_id: number
        day: number
        type: SignalType
        signals: number
        people: number
        weight_sum: number
        weighted: number
      }>(
        `SELECT account_id, day, type, signals, people, weight_sum, weighted FROM topic_daily
         WHERE topic_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, account_id, type`,
        [topicId, fromDay, toDay],
      )
      return rows.map((row) => [
        row.account_id,
        row.day,
        row.type,
        row.signals,
        row.people,
        row.weight_sum,
        row.weighted,
      ])
    },
    async get(firstDay: number, configHash: string) {
      const row = await db.one<{ computed_at: number; body: string }>(
        'SELECT computed_at, body FROM peer_baselines WHERE first_day = $1 AND config_hash = $2',
        [firstDay, configHash],
      )
      return row ? { computedAt: row.computed_at, body: row.body } : null
    },
    async save(
      window: { firstDay: number; lastDay: number },
      configHash: string,
      body: string,
      now: number,
      keepFromDay: number,
    ): Promise<void> {
      // An upsert: two replicas saving the same window leave one row, the last one's.
      await db.tx(async (q) => {
        await q.run(
          `INSERT INTO peer_baselines (first_day, last_day, config_hash, computed_at, body)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (first_day, config_hash) DO UPDATE SET last_day = excluded.last_day,
             computed_at = excluded.computed_at, body = excluded.body`,
          [window.firstDay, window.lastDay, configHash, now, body],
        )
        await q.run('DELETE FROM peer_baselines WHERE first_day < $1', [keepFromDay])
      })
    },
  }
}
