import type { SettingsRepo } from '../../repos/settings.ts'
import type { PgDb } from '../client.ts'

export function pgSettingsRepo(db: PgDb): SettingsRepo {
  return {
    async get(key) {
      const row = await db.one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
        key,
      ])
      return row?.value ?? null
    },
    async getOrCreate(key, candidate, now) {
      // Two replicas creating the same setting at once: the first insert wins, both read it.
      await db.run(
        'INSERT INTO settings (key, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING',
        [key, candidate, now],
      )
      const row = await db.one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
        key,
      ])
      return row!.value
    },
  }
}
