import type { Db } from '../db.ts'

export type SuppressionKind = 'contact' | 'account'

/**
 * Keyed hashes of erased identities (migration 0015). Writers check them inside their own
 * transaction (`suppressionCheck`), so an erasure committed a moment before a write is seen.
 */
export function suppressionCheck(db: Db) {
  const find = db.prepare<[Buffer], { n: number }>('SELECT 1 AS n FROM suppressions WHERE hash = ?')
  /** True when any of the hashes is suppressed. */
  return (hashes: readonly Buffer[]): boolean => hashes.some((hash) => find.get(hash) !== undefined)
}

/**
 * Whether anything is suppressed at all, read inside the writer's transaction: most services
 * never erase anyone, and a batch then skips the per-identity checks.
 */
export function anySuppressions(db: Db) {
  const any = db.prepare<[], { n: number }>('SELECT EXISTS (SELECT 1 FROM suppressions) AS n')
  return (): boolean => any.get()!.n === 1
}

/** Adds suppressions inside the caller's transaction (erasure). */
export function suppressionWriter(db: Db) {
  const add = db.prepare<[Buffer, string, number]>(
    'INSERT INTO suppressions (hash, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  )
  return (hash: Buffer, kind: SuppressionKind, now: number) => {
    add.run(hash, kind, now)
  }
}

export function suppressionsRepo(db: Db) {
  const isSuppressed = suppressionCheck(db)
  const remove = db.prepare<[Buffer]>('DELETE FROM suppressions WHERE hash = ?')
  const audit = db.prepare<[number, string, string, string, string, string]>(
    'INSERT INTO audit_log (at, actor, action, target_kind, target_hash, details) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const lift = db.transaction(
    (hash: Buffer, kind: SuppressionKind, actor: string, now: number): boolean => {
      if (remove.run(hash).changes === 0) return false
      audit.run(now, actor, 'suppression.lifted', kind, hash.toString('hex'), '{}')
      return true
    },
  )
  const legacyAudit = db.prepare<[], { id: number; target_hash: string }>(
    "SELECT id, target_hash FROM audit_log WHERE hash_scheme = 'sha256'",
  )
  const rekey = db.prepare<[string, number]>(
    "UPDATE audit_log SET target_hash = ?, hash_scheme = 'hmac-sha256(sha256)' WHERE id = ?",
  )
  const rekeyAll = db.transaction((key: (legacyHex: string) => string) => {
    const rows = legacyAudit.all()
    for (const row of rows) rekey.run(key(row.target_hash), row.id)
    return rows.length
  })

  return {
    async any(hashes: readonly Buffer[]): Promise<boolean> {
      return isSuppressed(hashes)
    },
    /** Removes a suppression and records who lifted it; false when there was none. */
    async lift(hash: Buffer, kind: SuppressionKind, actor: string, now: number) {
      return lift.immediate(hash, kind, actor, now)
    },
    /** Re-keys audit targets written as a bare SHA-256 (before 0015); returns how many. */
    async rekeyLegacyAudit(key: (legacyHex: string) => string): Promise<number> {
      return rekeyAll.immediate(key)
    },
  }
}

export type SuppressionsRepo = ReturnType<typeof suppressionsRepo>
