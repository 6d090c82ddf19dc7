import type { Db } from '../db.ts'
import { dirtyMarker } from './scores.ts'

/**
 * Erasure of people and accounts. Foreign keys cascade signals, contacts, outcomes, scores
 * and history; what cascading cannot know — the daily rollups that summed an erased person's
 * signals, and CRM id mappings keyed by their address — is rebuilt or removed here, in the same
 * transaction.
 */
export function erasureRepo(db: Db) {
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
  const clearRollups = db.prepare<[number]>('DELETE FROM topic_daily WHERE account_id = ?')
  const clearPeople = db.prepare<[number]>('DELETE FROM topic_daily_people WHERE account_id = ?')
  const rebuildPeople = db.prepare<[number]>(
    `INSERT INTO topic_daily_people (account_id, topic_id, day, type, contact_id)
     SELECT DISTINCT account_id, coalesce(topic_id, 0), occurred_at / 86400000, type, contact_id
     FROM signals WHERE account_id = ? AND contact_id IS NOT NULL`,
  )
  const rebuildRollups = db.prepare<[number]>(
    `INSERT INTO topic_daily (account_id, topic_id, day, type, signals, people, weight_sum, weighted)
     SELECT account_id, coalesce(topic_id, 0), occurred_at / 86400000, type, count(*),
            count(DISTINCT contact_id) + sum(contact_id IS NULL), total(weight), count(weight)
     FROM signals WHERE account_id = ?
     GROUP BY account_id, coalesce(topic_id, 0), occurred_at / 86400000, type`,
  )
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
  // Peer baselines sum the rollups an erasure changes; erasures are rare, so forget them all.
  const forgetPeerBaselines = db.prepare('DELETE FROM peer_baselines')

  const rebuild = (accountId: number) => {
    clearRollups.run(accountId)
    clearPeople.run(accountId)
    rebuildPeople.run(accountId)
    rebuildRollups.run(accountId)
    forgetPeerBaselines.run()
  }

  const eraseContact = db.transaction((email: string, entry: AuditEntry, now: number) => {
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
    for (const id of withSignals) rebuild(id)
    for (const id of affected) forgetScore.run(id)
    markDirty(affected, now)
    audit.run(
      now,
      entry.actor,
      'contact.erased',
      'contact',
      entry.targetHash,
      JSON.stringify({ signals, accounts: affected.length }),
    )
    return { signals }
  })

  const eraseAccount = db.transaction((domain: string, entry: AuditEntry, now: number) => {
    const row = account.get(domain)
    if (!row) return null
    const erased = counts.get(row.id, row.id, row.id)!
    deleteAccount.run(row.id)
    forgetPeerBaselines.run()
    forgetCrm.run(domain)
    audit.run(
      now,
      entry.actor,
      'account.erased',
      'account',
      entry.targetHash,
      JSON.stringify(erased),
    )
    return erased
  })

  return {
    async eraseContact(email: string, entry: AuditEntry, now: number) {
      return eraseContact.immediate(email, entry, now)
    },
    async eraseAccount(domain: string, entry: AuditEntry, now: number) {
      return eraseAccount.immediate(domain, entry, now)
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
  targetHash: string
}

export type ErasureRepo = ReturnType<typeof erasureRepo>
