import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrate.ts'

export type Db = Database.Database

export interface OpenDbOptions {
  /** Milliseconds a statement waits for another process's lock before failing. */
  busyTimeoutMs?: number
  readonly?: boolean
}

/**
 * Opens (creating if needed) the database and brings its schema to the latest version.
 * WAL lets readers (look-ups) proceed while a writer (ingest, a batch job) commits.
 */
export function openDb(path: string, options: OpenDbOptions = {}): Db {
  const inMemory = path === ':memory:'
  if (!inMemory) mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, { readonly: options.readonly ?? false })
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
    if (!inMemory && !options.readonly) db.pragma('journal_mode = WAL')
    // FULL: an acknowledged write survives power loss, not only a process crash. Ingest
    // commits whole batches, so the extra fsync is paid once per request, not per signal.
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // Deleted rows are overwritten with zeros, not left in free pages: an erased person's
    // address must not be readable from the file afterwards (costs a little write I/O).
    db.pragma('secure_delete = ON')
    db.pragma('temp_store = MEMORY')
    db.pragma('cache_size = -32768')
    if (!options.readonly) migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
