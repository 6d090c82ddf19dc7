import { fileURLToPath } from 'node:url'
import {
  latestSchemaVersion,
  loadMigrations,
  type Migration,
  SchemaTooNewError,
} from '../migrate.ts'
import type { PgDb, Queryable } from './client.ts'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url))

/** One number for every replica: whoever holds it is the one migrating. */
const MIGRATION_LOCK = 0x696e74656e74n // 'intent'

export function loadPgMigrations(dir = MIGRATIONS_DIR): Migration[] {
  // The same numbering rules as SQLite's (rising, forward-only); PostgreSQL's own sequence.
  return loadMigrations(dir)
}

export async function pgSchemaVersion(q: Queryable): Promise<number> {
  const table = await q.one<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  )
  if (!table?.exists) return 0
  const row = await q.one<{ version: number | null }>(
    'SELECT max(version)::bigint AS version FROM schema_migrations',
  )
  return row?.version ?? 0
}

/**
 * Applies every pending migration in one transaction, under a transaction-scoped advisory
 * lock: two replicas starting together queue on the lock, and the second finds nothing left
 * to do. A database migrated by newer code is refused, as with SQLite.
 */
export async function migratePg(
  db: PgDb,
  migrations = loadPgMigrations(),
): Promise<{ from: number; to: number }> {
  const latest = latestSchemaVersion(migrations)
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()])
    const from = await pgSchemaVersion(q)
    if (from > latest) {
      throw new SchemaTooNewError(
        `The database is at schema version ${from}, but this version of the service knows only up to ${latest}. ` +
          'Upgrade the service, or point DATABASE_URL at another database.',
      )
    }
    if (from === latest) return { from, to: from }
    await q.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version    integer PRIMARY KEY,
         name       text    NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    )
    for (const migration of migrations) {
      if (migration.version <= from) continue
      await q.query(migration.sql)
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
    }
    return { from, to: latest }
  })
}
