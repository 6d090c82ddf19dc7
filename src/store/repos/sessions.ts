import type { Db } from '../db.ts'

export interface SessionRecord {
  keyId: string
  envKeyHash: Buffer | null
  createdAt: number
  expiresAt: number
}

interface SessionRow {
  key_id: string
  env_key_hash: Buffer | null
  created_at: number
  expires_at: number
}

/** Page sessions by the SHA-256 of their cookie's id (see migration 0014). */
export function sessionsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO sessions (id_hash, key_id, env_key_hash, created_at, expires_at)
     VALUES (@idHash, @keyId, @envKeyHash, @createdAt, @expiresAt)`,
  )
  const pruneExpired = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?')
  // Keeps a key's newest sessions: a script signing in over and over cannot grow the table.
  const pruneOldest = db.prepare<[string, string, number]>(
    `DELETE FROM sessions WHERE key_id = ? AND id_hash NOT IN (
       SELECT id_hash FROM sessions WHERE key_id = ? ORDER BY created_at DESC LIMIT ?)`,
  )
  const byHash = db.prepare<[Buffer, number], SessionRow>(
    'SELECT key_id, env_key_hash, created_at, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
  )
  const remove = db.prepare<[Buffer]>('DELETE FROM sessions WHERE id_hash = ?')
  const removeForKey = db.prepare<[string]>('DELETE FROM sessions WHERE key_id = ?')

  const create = db.transaction((idHash: Buffer, record: SessionRecord, keepPerKey: number) => {
    pruneExpired.run(record.createdAt)
    insert.run({ idHash, ...record })
    pruneOldest.run(record.keyId, record.keyId, keepPerKey)
  })

  return {
    /** Stores a session; drops expired ones, and a key's oldest beyond `keepPerKey`. */
    async create(idHash: Buffer, record: SessionRecord, keepPerKey: number): Promise<void> {
      create.immediate(idHash, record, keepPerKey)
    },
    /** The live session with this id hash, or null (unknown, ended or expired at `now`). */
    async find(idHash: Buffer, now: number): Promise<SessionRecord | null> {
      const row = byHash.get(idHash, now)
      return row
        ? {
            keyId: row.key_id,
            envKeyHash: row.env_key_hash,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
          }
        : null
    },
    async delete(idHash: Buffer): Promise<void> {
      remove.run(idHash)
    },
    async deleteForKey(keyId: string): Promise<number> {
      return removeForKey.run(keyId).changes
    },
  }
}

export type SessionsRepo = ReturnType<typeof sessionsRepo>
