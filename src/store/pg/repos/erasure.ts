import type { AuditEntry, ErasureRepo } from '../../repos/erasure.ts'
import type { PgDb } from '../client.ts'
import { exclusiveErasureLock, type PgIdentityCache } from './identity.ts'
import { identitiesChanged, markDirty, suppress } from './in-transaction.ts'
import { rebuildAccount } from './rollups.ts'

/**
 * SQLite's erasure repository on PostgreSQL: the same deletes, suppressions, rollup rebuilds and
 * audit rows in one transaction. It holds the erasure lock exclusively (ingest holds it shared),
 * so no batch resolves an identity this erasure is deleting; it moves the identities version so
 * every replica's ingest cache forgets its ids. There is no WAL file to flush: the server's
 * WAL is recycled by its checkpoints.
 */
export function pgErasureRepo(db: PgDb, _identities: PgIdentityCache): ErasureRepo {
  return {
    async eraseContact(email: string, entry: AuditEntry, now: number) {
      return db.tx(async (q) => {
        await exclusiveErasureLock(q)
        await identitiesChanged(q)
        const row = await q.one<{ id: number; account_id: number | null }>(
          'SELECT id, account_id FROM contacts WHERE email = $1 FOR UPDATE',
          [email],
        )
        if (!row) return null
        const withSignals = (
          await q.query<{ account_id: number }>(
            'SELECT DISTINCT account_id FROM signals WHERE contact_id = $1 AND account_id IS NOT NULL ORDER BY account_id',
            [row.id],
          )
        ).map((r) => r.account_id)
        const affected = [
          ...new Set([...withSignals, ...(row.account_id === null ? [] : [row.account_id])]),
        ]
        const signals = (await q.one<{ n: number }>(
          'SELECT count(*) AS n FROM signals WHERE contact_id = $1',
          [row.id],
        ))!.n
        await q.run('DELETE FROM contacts WHERE id = $1', [row.id])
        await q.run('DELETE FROM crm_objects WHERE key = $1', [email])
        await suppress(q, entry.hash, 'contact', now)
        for (const id of withSignals) {
          await rebuildAccount(q, id)
          await q.run('DELETE FROM peer_baselines')
        }
        for (const id of affected)
          await q.run('DELETE FROM account_scores WHERE account_id = $1', [id])
        await markDirty(q, affected, now)
        await q.run(
          `INSERT INTO audit_log (at, actor, action, target_kind, target_hash, details)
           VALUES ($1, $2, 'contact.erased', 'contact', $3, $4)`,
          [
            now,
            entry.actor,
            entry.hash.toString('hex'),
            JSON.stringify({ signals, accounts: affected.length }),
          ],
        )
        return { signals }
      })
    },

    async eraseAccount(
      domain: string,
      entry: AuditEntry,
      contactHash: (email: string) => Buffer,
      now: number,
    ) {
      return db.tx(async (q) => {
        await exclusiveErasureLock(q)
        await identitiesChanged(q)
        const row = await q.one<{ id: number }>(
          'SELECT id FROM accounts WHERE domain = $1 FOR UPDATE',
          [domain],
        )
        if (!row) return null
        const erased = (await q.one<{ signals: number; contacts: number; outcomes: number }>(
          `SELECT (SELECT count(*) FROM signals WHERE account_id = $1) AS signals,
                  (SELECT count(*) FROM contacts WHERE account_id = $1) AS contacts,
                  (SELECT count(*) FROM outcomes WHERE account_id = $1) AS outcomes`,
          [row.id],
        ))!
        const emails = await q.query<{ email: string }>(
          'SELECT email FROM contacts WHERE account_id = $1 ORDER BY id',
          [row.id],
        )
        for (const { email } of emails) {
          await suppress(q, contactHash(email), 'contact', now)
        }
        if (emails.length > 0)
          await q.run('DELETE FROM crm_objects WHERE key = ANY($1::text[])', [
            emails.map((e) => e.email),
          ])
        await q.run('DELETE FROM accounts WHERE id = $1', [row.id])
        await q.run('DELETE FROM peer_baselines')
        await q.run('DELETE FROM crm_objects WHERE key = $1', [domain])
        await q.run("DELETE FROM deliveries WHERE payload::jsonb ->> 'account' = $1", [domain])
        await suppress(q, entry.hash, 'account', now)
        await q.run(
          `INSERT INTO audit_log (at, actor, action, target_kind, target_hash, details)
           VALUES ($1, $2, 'account.erased', 'account', $3, $4)`,
          [now, entry.actor, entry.hash.toString('hex'), JSON.stringify(erased)],
        )
        return erased
      })
    },

    async auditLog(limit: number) {
      return db.query<{
        at: number
        actor: string
        action: string
        target_kind: string
        target_hash: string
        details: string
      }>(
        'SELECT at, actor, action, target_kind, target_hash, details FROM audit_log ORDER BY id DESC LIMIT $1',
        [limit],
      )
    },
  }
}
