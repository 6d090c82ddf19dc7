import type { PgDb } from '../client.ts'

/**
 * Ingest's ids of accounts and contacts kept across batches, checked against the database's
 * `store_versions.identities` (moved by erasure and contact moves, on any replica).
 */
export function pgIdentityCache(_db: PgDb) {
  return {}
}

export type PgIdentityCache = ReturnType<typeof pgIdentityCache>
