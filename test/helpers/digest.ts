import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { Store } from '../../src/store/index.ts'

/**
 * Columns a request that succeeded writes as bookkeeping, not as data: a key's last use is
 * written after the answer, at most once a minute (domain/key-use.ts), so whether a digest
 * taken after a successful request sees it depends on timing. A refused request writes none
 * of them (test/http/key-use.test.ts checks that on its own).
 */
const BOOKKEEPING: Record<string, string[]> = { api_keys: ['last_used_at'] }

/**
 * SHA-256 over every row of every table, in key order: "did anything change?" in one value.
 * Read from a copy of the database, so that the service has no method only tests use.
 */
export async function contentDigest(store: Store): Promise<string> {
  if (store.engine === 'postgres') return postgresDigest(store)
  const bytes = await store.serialize()
  // A WAL database's header says so (bytes 18-19 are 2); a copy in memory has no WAL beside it
  // and opens only when the header says rollback journal (1). The pages are the same.
  if (bytes[18] === 2) bytes.fill(1, 18, 20)
  const db = new Database(bytes, { readonly: true })
  try {
    const hash = createHash('sha256')
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
    for (const { name } of tables) {
      hash.update(`\u0000${name}\u0000`)
      const skipped = BOOKKEEPING[name] ?? []
      // A full scan reads rowid tables in rowid order and WITHOUT ROWID tables in key order.
      for (const row of db.prepare(`SELECT * FROM "${name}"`).iterate()) {
        const kept = Object.entries(row as object).filter(([column]) => !skipped.includes(column))
        hash.update(JSON.stringify(kept))
      }
    }
    return hash.digest('hex')
  } finally {
    db.close()
  }
}

/** The PostgreSQL database behind each test's store (test/helpers/app.ts registers it). */
const databaseOf = new WeakMap<Store, string>()

export function rememberDatabase(store: Store, url: string): void {
  databaseOf.set(store, url)
}

/** The same digest over a PostgreSQL database: every table but the migrations', in key order. */
async function postgresDigest(store: Store): Promise<string> {
  const url = databaseOf.get(store)
  if (url === undefined) throw new Error('contentDigest: this PostgreSQL store was not registered')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const hash = createHash('sha256')
    const { rows: tables } = await client.query<{ name: string; key: string[] }>(
      `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY k.n) AS key
       FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace AND s.nspname = 'public'
       JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE c.relkind = 'r' AND c.relname <> 'schema_migrations'
       GROUP BY c.relname ORDER BY c.relname`,
    )
    for (const { name, key } of tables) {
      hash.update(`\u0000${name}\u0000`)
      const skipped = BOOKKEEPING[name] ?? []
      const order = key.map((column) => `"${column}"`).join(', ')
      const { rows } = await client.query(`SELECT * FROM "${name}" ORDER BY ${order}`)
      for (const row of rows) {
        const kept = Object.entries(row as object).filter(([column]) => !skipped.includes(column))
        hash.update(JSON.stringify(kept))
      }
    }
    return hash.digest('hex')
  } finally {
    await client.end()
  }
}
