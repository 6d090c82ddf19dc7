import type { Scope } from '../../vocabulary.ts'
import type { ApiKey } from '../../records.ts'
import type { Db } from '../db.ts'

export interface KeyRow {
  id: string
  prefix: string
  scope: Scope
  name: string | null
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  last_used_at: number | null
}

export const COLUMNS = 'id, prefix, scope, name, created_at, expires_at, revoked_at, last_used_at'

export function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    prefix: row.prefix,
    scope: row.scope,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  }
}

export interface NewApiKey {
  id: string
  secretHash: Buffer
  prefix: string
  scope: Scope
  name: string | null
  expiresAt: number | null
}

export function apiKeysRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO api_keys (id, secret_hash, prefix, scope, name, created_at, expires_at)
     VALUES (@id, @secretHash, @prefix, @scope, @name, @createdAt, @expiresAt)`,
  )
  const byHash = db.prepare<[Buffer], KeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = ?`,
  )
  const all = db.prepare<[], KeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`)
  const revoke = db.prepare<[number, string]>(
    'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  )
  const byId = db.prepare<[string], KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`)
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM api_keys')
  const touch = db.prepare<[number, string]>('UPDATE api_keys SET last_used_at = ? WHERE id = ?')

  return {
    async create(key: NewApiKey, now: number): Promise<ApiKey> {
      insert.run({ ...key, createdAt: now })
      return toApiKey(byId.get(key.id)!)
    },
    async findBySecretHash(hash: Buffer): Promise<ApiKey | null> {
      const row = byHash.get(hash)
      return row ? toApiKey(row) : null
    },
    async findById(id: string): Promise<ApiKey | null> {
      const row = byId.get(id)
      return row ? toApiKey(row) : null
    },
    async list(): Promise<ApiKey[]> {
      return all.all().map(toApiKey)
    },
    async revoke(id: string, now: number): Promise<ApiKey | null> {
      revoke.run(now, id)
      const row = byId.get(id)
      return row ? toApiKey(row) : null
    },
    async count(): Promise<number> {
      return count.get()!.n
    },
    async touch(id: string, now: number): Promise<void> {
      touch.run(now, id)
    },
  }
}

export type ApiKeysRepo = ReturnType<typeof apiKeysRepo>
