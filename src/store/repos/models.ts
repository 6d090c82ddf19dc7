import type { Db } from '../db.ts'

export interface StoredModel {
  id: string
  body: string
  createdAt: number
  active: boolean
}

export interface ModelRow {
  id: string
  body: string
  created_at: number
  active: number
}

export const toModel = (row: ModelRow): StoredModel => ({
  id: row.id,
  body: row.body,
  createdAt: row.created_at,
  active: row.active === 1,
})

export function modelsRepo(db: Db) {
  const insert = db.prepare<[string, string, number]>(
    'INSERT INTO models (id, body, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
  )
  const all = db.prepare<[], ModelRow>(
    'SELECT id, body, created_at, active FROM models ORDER BY created_at DESC, id',
  )
  const byId = db.prepare<[string], ModelRow>(
    'SELECT id, body, created_at, active FROM models WHERE id = ?',
  )
  const active = db.prepare<[], ModelRow>(
    'SELECT id, body, created_at, active FROM models WHERE active = 1',
  )
  const clear = db.prepare('UPDATE models SET active = 0 WHERE active = 1')
  const set = db.prepare<[string]>('UPDATE models SET active = 1 WHERE id = ?')
  const activate = db.transaction((id: string) => {
    if (byId.get(id) === undefined) return false
    clear.run()
    set.run(id)
    return true
  })

  return {
    async save(id: string, body: string, now: number): Promise<void> {
      insert.run(id, body, now)
    },
    async list(): Promise<StoredModel[]> {
      return all.all().map(toModel)
    },
    async get(id: string): Promise<StoredModel | null> {
      const row = byId.get(id)
      return row ? toModel(row) : null
    },
    async active(): Promise<StoredModel | null> {
      const row = active.get()
      return row ? toModel(row) : null
    },
    /** No stored model is active any more: the shipped default scores. */
    async deactivateAll(): Promise<void> {
      clear.run()
    },

    /** Makes `id` the only active model; false (and nothing changed) when there is no such model. */
    async activate(id: string): Promise<boolean> {
      return activate.immediate(id)
    },
  }
}

export type ModelsRepo = ReturnType<typeof modelsRepo>
