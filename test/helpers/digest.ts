import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
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
