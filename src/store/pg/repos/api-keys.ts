import type { ApiKey } from '../../../records.ts'
import {
  type ApiKeysRepo,
  COLUMNS,
  type KeyRow,
  type NewApiKey,
  toApiKey,
} from '../../repos/api-keys.ts'
import type { PgDb } from '../client.ts'

type Row = KeyRow & Record<string, unknown>

export function pgApiKeysRepo(db: PgDb): ApiKeysRepo {
  const byId = async (id: string) => {
    const row = await db.one<Row>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id])
    return row ? toApiKey(row) : null
  }
  return {
    async create(key: NewApiKey, now: number): Promise<ApiKey> {
      const row = await db.one<Row>(
        `INSERT INTO api_keys (id, secret_hash, prefix, scope, name, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [key.id, key.secretHash, key.prefix, key.scope, key.name, now, key.expiresAt],
      )
      return toApiKey(row!)
    },
    async findBySecretHash(hash: Buffer): Promise<ApiKey | null> {
      const row = await db.one<Row>(`SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = $1`, [
        hash,
      ])
      return row ? toApiKey(row) : null
    },
    findById: byId,
    async list(): Promise<ApiKey[]> {
      const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`)
      return rows.map(toApiKey)
    },
    async revoke(id: string, now: number): Promise<ApiKey | null> {
      // One statement: a second revocation (any replica) keeps the first's time.
      await db.run('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
        now,
        id,
      ])
      return byId(id)
    },
    async count(): Promise<number> {
      const row = await db.one<{ n: number }>('SELECT count(*) AS n FROM api_keys')
      return row!.n
    },
    async touch(id: string, now: number): Promise<void> {
      await db.run('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [now, id])
    },
  }
}
