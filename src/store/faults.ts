/**
 * What an error from the database or the file system says about the storage under it. SQLite
 * reports a full disk as SQLITE_FULL and a failing or vanished volume as one of the
 * SQLITE_IOERR_* codes (or CANTOPEN, READONLY); Node's own file writes say ENOSPC or EIO.
 * Busy is not a fault of the storage: another connection holds the lock for a moment.
 */
export type StorageFault = 'full' | 'unavailable' | 'busy'

// PostgreSQL's SQLSTATEs beside SQLite's: 53100 disk_full; 57P01-03 the server shutting down or
// starting, 08xxx the connection lost, and the socket's own errors while it is unreachable;
// 53300 too many connections, 55P03 a lock not available, 57014 a statement timed out.
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100'])
const UNAVAILABLE_PREFIXES = [
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_NOTADB',
  '08',
  '57P',
]
const UNAVAILABLE = new Set([
  'EIO',
  'EROFS',
  'ENODEV',
  'ENXIO',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
])
const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', '53300', '55P03', '57014'])

/**
 * Text PostgreSQL cannot store: a NUL character (SQLite keeps it). Refused before the query, as
 * bad input rather than a server error; nothing of the request is written.
 */
export class UnstorableText extends Error {
  override name = 'UnstorableText'
  readonly code = 'INTENT_NUL_TEXT'
  constructor() {
    super('A text value holds a NUL character (U+0000), which the database cannot store.')
  }
}

/** The error's code (better-sqlite3's SqliteError and Node's system errors both carry one). */
export function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** The fault the error, or an error it wraps (`cause`, a few levels), reports; null if none. */
export function storageFaultOf(error: unknown): StorageFault | null {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current != null; depth++) {
    const code = errorCodeOf(current)
    if (code !== undefined) {
      // SQLite's extended codes (SQLITE_FULL_…, SQLITE_BUSY_SNAPSHOT) share the primary's prefix.
      const primary = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code
      if (FULL.has(primary)) return 'full'
      if (BUSY.has(primary)) return 'busy'
      if (UNAVAILABLE.has(code) || UNAVAILABLE_PREFIXES.some((prefix) => code.startsWith(prefix)))
        return 'unavailable'
    }
    current = (current as { cause?: unknown }).cause
  }
  return null
}
