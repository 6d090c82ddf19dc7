import type { Db } from '../db.ts'

/** Service-wide values by key (see migration 0012). */
export function settingsRepo(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
  const insertIfAbsent = db.prepare<[string, string, number]>(
    'INSERT INTO settings (key, value, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
  )
  // One transaction: when two processes race to create a value, both read back the winner's.
  const getOrCreate = db.transaction((key: string, candidate: string, now: number) => {
    insertIfAbsent.run(key, candidate, now)
    return get.get(key)!.value
  })

  return {
    async get(key: string): Promise<string | null> {
      return get.get(key)?.value ?? null
    },
    /** The stored value, or `candidate` stored now when there was none. */
    async getOrCreate(key: string, candidate: string, now: number): Promise<string> {
      return getOrCreate.immediate(key, candidate, now)
    },
  }
}

export type SettingsRepo = ReturnType<typeof settingsRepo>
