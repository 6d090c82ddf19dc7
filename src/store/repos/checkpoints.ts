import type { Db } from '../db.ts'

export interface Checkpoint {
  params: string
  lastKey: string
  done: number
}

export function checkpointsRepo(db: Db) {
  const get = db.prepare<[string], { params: string; last_key: string; done: number }>(
    'SELECT params, last_key, done FROM batch_checkpoints WHERE name = ?',
  )
  const put = db.prepare<[string, string, string, number, number]>(
    `INSERT INTO batch_checkpoints (name, params, last_key, done, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET params = excluded.params, last_key = excluded.last_key, done = excluded.done, updated_at = excluded.updated_at`,
  )
  const clear = db.prepare<[string]>('DELETE FROM batch_checkpoints WHERE name = ?')
  return {
    async get(name: string): Promise<Checkpoint | null> {
      const row = get.get(name)
      return row ? { params: row.params, lastKey: row.last_key, done: row.done } : null
    },
    async save(name: string, checkpoint: Checkpoint, now: number): Promise<void> {
      put.run(name, checkpoint.params, checkpoint.lastKey, checkpoint.done, now)
    },
    async clear(name: string): Promise<void> {
      clear.run(name)
    },
  }
}
export type CheckpointsRepo = ReturnType<typeof checkpointsRepo>
