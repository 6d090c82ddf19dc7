import { type ModelRow, type ModelsRepo, type StoredModel, toModel } from '../../repos/models.ts'
import type { PgDb } from '../client.ts'

const COLUMNS = 'id, body, created_at, active'
/** Serialises activations across replicas (see activate). 'models' in ASCII. */
const ACTIVATE_LOCK = 0x6d6f64656c73n

export function pgModelsRepo(db: PgDb): ModelsRepo {
  return {
    async save(id: string, body: string, now: number): Promise<void> {
      await db.run(
        'INSERT INTO models (id, body, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
        [id, body, now],
      )
    },
    async list(): Promise<StoredModel[]> {
      const rows = await db.query<ModelRow & Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM models ORDER BY created_at DESC, id`,
      )
      return rows.map(toModel)
    },
    async get(id: string): Promise<StoredModel | null> {
      const row = await db.one<ModelRow & Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM models WHERE id = $1`,
        [id],
      )
      return row ? toModel(row) : null
    },
    async active(): Promise<StoredModel | null> {
      const row = await db.one<ModelRow & Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM models WHERE active = 1`,
      )
      return row ? toModel(row) : null
    },
    async deactivateAll(): Promise<void> {
      await db.run('UPDATE models SET active = 0 WHERE active = 1')
    },
    async activate(id: string): Promise<boolean> {
      // Two replicas activating different models at once: without the lock each clears the
      // active row its snapshot saw and the second's set then breaks models_one_active. Under
      // it, every statement (READ COMMITTED) sees the previous activation committed; the last
      // one wins, as with SQLite's serialised writers.
      return db.tx(async (q) => {
        await q.run('SELECT pg_advisory_xact_lock($1)', [ACTIVATE_LOCK.toString()])
        if ((await q.one('SELECT 1 FROM models WHERE id = $1', [id])) === undefined) return false
        await q.run('UPDATE models SET active = 0 WHERE active = 1')
        await q.run('UPDATE models SET active = 1 WHERE id = $1', [id])
        return true
      })
    },
  }
}
