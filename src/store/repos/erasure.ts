import type { IdentityCache } from './identity.ts'
import type { Db } from '../db.ts'
import { accountRebuilder } from './rollups.ts'
import { dirtyMarker } from './scores.ts'
import { suppressionWriter } from './suppressions.ts'

/**
 * Erasure of people and accounts. Foreign keys cascade signals, contacts, outcomes, scores
 * and history; what cascading cannot know — the daily rollups that summed an erased person's
 * signals, CRM id mappings keyed by their address, notifications naming an account — is
 * rebuilt or removed here, in the same transaction that suppresses them (migration 0015).
 */
/** `identities`: ingest's cache of ids, told that ids may have gone. */
export function erasureRepo(db: Db, identities?: IdentityCache) {
  const contact = db.prepare<[string], { id: number; account_id: number | null }>(
    'SELECT id, account_id FROM contacts WHERE email = ?',
  )
  const accountsOfSignals = db.prepare<[number], { account_id: number }>(
    'SELECT DISTINCT account_id FROM signals WHERE contact_id = ? AND account_id IS NOT NULL',
  )
  const deleteContact = db.prepare<[number]>('DELETE FROM contacts WHERE id = ?')
  // Stored scores carry the committee (names, titles, addresses): drop them, not only mark them
  // dirty, so that nothing of the person is served or kept until the next rescoring.
  const forgetScore = db.prepare<[number]>('DELETE FROM account_scores WHERE account_id = ?')
  const forgetCrm = db.prepare<[string]>('DELETE FROM crm_objects WHERE key = ?')
  const rebuildAccount = accountRebuilder(db)
  const account = db.prepare<[string], { id: number }>('SELECT id FROM accounts WHERE domain = ?')
  const deleteAccount = db.prepare<[number]>('DELETE FROM accounts WHERE id = ?')
  const counts = db.prepare<
    [number, number, number],
    { signals: number; contacts: number; outcomes: number }
  >(
    `SELECT (SELECT count(*) FROM signals WHERE account_id = ?) AS signals,
            (SELECT count(*) FROM contacts WHERE account_id = ?) AS contacts,
            (SELECT count(*) FROM outcomes WHERE account_id = ?) AS outcomes`,
  )
  const contactSignals = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM signals WHERE contact_id = ?',
  )
  const audit = db.prepare<[number, string, string, string, string, string]>(
    'INSERT INTO audit_log (at, actor, action, target_kind, target_hash, details) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const markDirty = dirtyMarker(db)
  const suppress = suppressionWriter(db)
  const emailsOfAccount = db.prepare<[number], { email: string }>(
    'SELECT email FROM contacts WHERE account_id = ?',
  )
  // Queued and past notifications name the account: they go with it, and are not sent.
  const forgetDeliveries = db.prepare<[string]>(
    "DELETE FROM deliveries WHERE json_extract(payload, '$.account') = ?",
  )
  // Peer baselines sum the rollups an erasure changes; erasures are rare, so forget them all.
  const forgetPeerBaselines = db.prepare('DELETE FROM peer_baselines')

  const rebuild = (accountId: number) => {
    rebuildAccount(accountId)
    forgetPeerBaselines.run()
  }

  const eraseContact = db.transaction((email: string, entry: AuditEntry, now: number) => {
    identities?.changed()
    const row = contact.get(email)
    if (!row) return null
    const withSignals = accountsOfSignals.all(row.id).map((r) => r.account_id)
    // Their own account lists them as a contact even when they never sent a signal.
    const affected = [
      ...new Set([...withSignals, ...(row.account_id === null ? [] : [row.account_id])]),
    ]
    const signals = contactSignals.get(row.id)!.n
    deleteContact.run(row.id)
    forgetCrm.run(email)
    suppress(entry.hash, 'contact', now)
    for (const id of withSignals) rebuild(id)
    for (const id of affected) forgetScore.run(id)
    markDirty(affected, now)
    audit.run(
      now,
      entry.actor,
      'contact.erased',
      'contact',
      entry.hash.toString('hex'),
      JSON.stringify({ signals, accounts: affected.length }),
    )
    return { signals }
  })

  const eraseAccount = db.transaction(
    (domain: string, entry: AuditEntry, contactHash: (email: string) => Buffer, now: number) => {
      identities?.changed()
      const row = account.get(domain)
      if (!row) return null
      const erased = counts.get(row.id, row.id, row.id)!
      // Its people are erased with it, and stay erased whatever their address's domain.
      for (const { email } of emailsOfAccount.all(row.id)) {
        suppress(contactHash(email), 'contact', now)
        forgetCrm.run(email)
      }
      deleteAccount.run(row.id)
      forgetPeerBaselines.run()
      forgetCrm.run(domain)
      forgetDeliveries.run(domain)
      suppress(entry.hash, 'account', now)
      audit.run(
        now,
        entry.actor,
        'account.erased',
        'account',
        entry.hash.toString('hex'),
        JSON.stringify(erased),
      )
      return erased
    },
  )

  /**
   * The WAL still holds the frames written before the erasure (the address among them) until
   * they are overwritten: checkpoint and truncate it now. Best effort: a reader holding an old
   * snapshot makes it stop short, and the next checkpoint finishes it.
   */
  const flushWal = () => {
    if (db.memory) return
    db.pragma('wal_checkpoint(TRUNCATE)')
  }

  return {
    async eraseContact(email: string, entry: AuditEntry, now: number) {
      const erased = eraseContact.immediate(email, entry, now)
      if (erased) flushWal()
      return erased
    },
    async eraseAccount(
      domain: string,
      entry: AuditEntry,
      contactHash: (email: string) => Buffer,
      now: number,
    ) {
      const erased = eraseAccount.immediate(domain, entry, contactHash, now)
      if (erased) flushWal()
      return erased
    },
    async auditLog(limit: number) {
      return db
        .prepare<
          [number],
          {
            at: number
            actor: string
            action: string
            target_kind: string
            target_hash: string
            details: string
          }
        >(
          'SELECT at, actor, action, target_kind, target_hash, details FROM audit_log ORDER BY id DESC LIMIT ?',
        )
        .all(limit)
    },
  }
}

export interface AuditEntry {
  actor: string
  /** The keyed hash of the target: suppressed, and recorded (hex) in the audit log. */
  hash: Buffer
}

export type ErasureRepo = ReturnType<typeof erasureRepo>
