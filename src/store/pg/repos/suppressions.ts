import type { SuppressionKind, SuppressionsRepo } from '../../repos/suppressions.ts'
import type { PgDb } from '../client.ts'
import { isSuppressed } from './in-transaction.ts'

/** SQLite's suppressions repository on PostgreSQL. */
export function pgSuppressionsRepo(db: PgDb): SuppressionsRepo {
  return {
    async any(hashes: readonly Buffer[]): Promise<boolean> {
      return isSuppressed(db, hashes)
    },
    async lift(hash: Buffer, kind: SuppressionKind, actor: string, now: number) {
      return db.tx(async (q) => {
        // The delete decides: of two replicas lifting at once, one removes it and audits.
        if ((await q.run('DELETE FROM suppressions WHERE hash = $1', [hash])) === 0) return false
        await q.run(
          `INSERT INTO audit_log (at, actor, action, target_kind, target_hash, details)
           VALUES ($1, $2, 'suppression.lifted', $3, $4, '{}')`,
          [now, actor, kind, hash.toString('hex')],
        )
        return true
      })
    },
    async rekeyLegacyAudit(key: (legacyHex: string) => string): Promise<number> {
      return db.tx(async (q) => {
        // Locked, so a concurrent re-key on another replica waits and then finds none left.
        const rows = await q.query<{ id: number; target_hash: string }>(
          "SELECT id, target_hash FROM audit_log WHERE hash_scheme = 'sha256' ORDER BY id FOR UPDATE",
        )
        if (rows.length === 0) return 0
        const fresh = await q.query<{ id: number }>(
          `UPDATE audit_log SET target_hash = u.hash, hash_scheme = 'hmac-sha256(sha256)'
           FROM unnest($1::bigint[], $2::text[]) AS u(id, hash)
           WHERE audit_log.id = u.id AND audit_log.hash_scheme = 'sha256' RETURNING audit_log.id`,
          [rows.map((row) => row.id), rows.map((row) => key(row.target_hash))],
        )
        return fresh.length
      })
    },
  }
}
