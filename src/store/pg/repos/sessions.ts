import type { SessionRecord, SessionsRepo } from '../../repos/sessions.ts'
import type { PgDb } from '../client.ts'

interface SessionRow {
  key_id: string
  env_key_hash: Buffer | null
  created_at: number
  expires_at: number
}

export function pgSessionsRepo(db: PgDb): SessionsRepo {
  return {
    async create(idHash: Buffer, record: SessionRecord, keepPerKey: number): Promise<void> {
      await db.tx(async (q) => {
        // One key's sign-ins one at a time across replicas: each prune then sees the sessions
        // the others committed, so the key never keeps more than keepPerKey.
        await q.run("SELECT pg_advisory_xact_lock(hashtextextended('sessions:' || $1, 0))", [
          record.keyId,
        ])
        await q.run('DELETE FROM sessions WHERE expires_at <= $1', [record.createdAt])
        await q.run(
          `INSERT INTO sessions (id_hash, key_id, env_key_hash, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [idHash, record.keyId, record.envKeyHash, record.createdAt, record.expiresAt],
        )
        // SQLite's (key_id, created_at) index of a WITHOUT ROWID table ends in id_hash: walked
        // backwards, ties in created_at keep the higher id_hash.
        await q.run(
          `DELETE FROM sessions WHERE key_id = $1 AND id_hash NOT IN (
             SELECT id_hash FROM sessions WHERE key_id = $1
             ORDER BY created_at DESC, id_hash DESC LIMIT $2)`,
          [record.keyId, keepPerKey],
        )
      })
    },
    async find(idHash: Buffer, now: number): Promise<SessionRecord | null> {
      const row = await db.one<SessionRow & Record<string, unknown>>(
        'SELECT key_id, env_key_hash, created_at, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2',
        [idHash, now],
      )
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
      await db.run('DELETE FROM sessions WHERE id_hash = $1', [idHash])
    },
    async deleteForKey(keyId: string): Promise<number> {
      return db.run('DELETE FROM sessions WHERE key_id = $1', [keyId])
    },
  }
}
