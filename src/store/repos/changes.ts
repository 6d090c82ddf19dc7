import type { Db } from '../db.ts'

/**
 * A name for everything written to the database as this connection sees it: two equal marks
 * mean nothing was written in between, so whatever was validated under the first still
 * stands, and a cache may serve it without reading a row.
 *
 * Two counters make it: the rows this connection changed (SQLite's own `total_changes()`,
 * which every INSERT, UPDATE and DELETE moves, so no writer can forget to count), and
 * `PRAGMA data_version`, which moves when another connection or process commits (`intent
 * score --all`, `intent import`, `intent keys revoke` run as their own processes on the file).
 * Together they cost about a microsecond and read no table.
 */
export function changesRepo(db: Db) {
  const own = db.prepare<[], number>('SELECT total_changes()').pluck()
  const others = db.prepare<[], number>('PRAGMA data_version').pluck()
  return {
    /** The current mark; marks are compared for equality, never ordered. */
    async mark(): Promise<string> {
      return `${own.get()}:${others.get()}`
    },
  }
}

export type ChangesRepo = ReturnType<typeof changesRepo>
