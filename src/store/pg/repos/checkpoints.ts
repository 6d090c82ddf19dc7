import type { Checkpoint, CheckpointsRepo } from '../../repos/checkpoints.ts'
import type { PgDb } from '../client.ts'

export function pgCheckpointsRepo(db: PgDb): CheckpointsRepo {
  return {
    async get(name: string): Promise<Checkpoint | null> {
      const row = await db.one<{ params: string; last_key: string; done: number }>(
        'SELECT params, last_key, done FROM batch_checkpoints WHERE name = $1',
        [name],
      )
      return row ? { params: row.params, lastKey: row.last_key, done: row.done } : null
    },
    async save(name: string, checkpoint: Checkpoint, now: number): Promise<void> {
      await db.run(
        `INSERT INTO batch_checkpoints (name, params, last_key, done, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET params = excluded.params, last_key = excluded.last_key,
           done = excluded.done, updated_at = excluded.updated_at`,
        [name, checkpoint.params, checkpoint.lastKey, checkpoint.done, now],
      )
    },
    async clear(name: string): Promise<void> {
      await db.run('DELETE FROM batch_checkpoints WHERE name = $1', [name])
    },
  }
}
