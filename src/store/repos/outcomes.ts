import type { OutcomeType } from '../../vocabulary.ts'
import type { OutcomeRecord, StoredBatch, StoredFate } from '../../records.ts'
import type { Db } from '../db.ts'
import { identityStatements } from './identity.ts'
import { dirtyMarker } from './scores.ts'
import { suppressionCheck } from './suppressions.ts'

/** An outcome as scoring reads it: what happened, and when. */
interface OutcomeAt {
  type: OutcomeType
  occurredAt: number
}

export interface OutcomeRow {
  type: OutcomeType
  occurred_at: number
}

export const toOutcomeAt = (row: OutcomeRow): OutcomeAt => ({
  type: row.type,
  occurredAt: row.occurred_at,
})

export function outcomesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO outcomes (dedupe_key, external_id, account_id, type, occurred_at, amount, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  )
  const beginResolution = identityStatements(db)
  const markDirty = dirtyMarker(db)
  const ofAccount = db.prepare<[string, number], OutcomeRow>(
    `SELECT o.type, o.occurred_at FROM outcomes o JOIN accounts a ON a.id = o.account_id
     WHERE a.domain = ? AND o.occurred_at <= ? ORDER BY o.occurred_at`,
  )
  const ofAccountId = db.prepare<[number, number], OutcomeRow>(
    'SELECT type, occurred_at FROM outcomes WHERE account_id = ? AND occurred_at <= ? ORDER BY occurred_at',
  )
  const withOutcomes = db.prepare<[string, number], { id: number }>(
    `SELECT j.value AS id FROM json_each(?) j
     WHERE EXISTS (SELECT 1 FROM outcomes o WHERE o.account_id = j.value AND o.occurred_at <= ?)`,
  )
  const everything = db.prepare<[number], OutcomeRow & { domain: string }>(
    `SELECT a.domain, o.type, o.occurred_at FROM outcomes o JOIN accounts a ON a.id = o.account_id
     WHERE o.occurred_at <= ? ORDER BY a.domain, o.occurred_at`,
  )

  const isSuppressed = suppressionCheck(db)
  const ingestTx = db.transaction((records: OutcomeRecord[], now: number): StoredBatch => {
    const resolve = beginResolution(now)
    let accepted = 0
    const fates: StoredFate[] = []
    const touched = new Set<number>()
    for (const record of records) {
      if (isSuppressed(record.suppression)) {
        fates.push('suppressed')
        continue
      }
      const accountId = resolve.account(record.account)
      touched.add(accountId)
      const inserted = insert.run(
        record.dedupeKey,
        record.externalId,
        accountId,
        record.type,
        record.occurredAt,
        record.amount,
        now,
      ).changes
      fates.push(inserted === 1 ? 'stored' : 'duplicate')
      accepted += inserted
    }
    if (accepted > 0) markDirty(touched, now)
    return { fates, topicless: [] }
  })

  return {
    /** An account's outcomes that occurred by `asOf`, oldest first. */
    async forAccount(domain: string, asOf: number): Promise<OutcomeAt[]> {
      return ofAccount.all(domain, asOf).map(toOutcomeAt)
    },

    /** `forAccount` by the account's id, without resolving its domain. */
    async forAccountId(accountId: number, asOf: number): Promise<OutcomeAt[]> {
      return ofAccountId.all(accountId, asOf).map(toOutcomeAt)
    },

    /** Which of the accounts have at least one outcome that occurred by asOf (one seek each). */
    async withOutcomes(accountIds: number[], asOf: number): Promise<Set<number>> {
      return new Set(withOutcomes.all(JSON.stringify(accountIds), asOf).map((row) => row.id))
    },

    /** Every outcome that occurred by `asOf`, by account. */
    async all(asOf: number): Promise<(OutcomeAt & { domain: string })[]> {
      return everything.all(asOf).map((row) => ({ domain: row.domain, ...toOutcomeAt(row) }))
    },

    async ingest(records: OutcomeRecord[], now: number): Promise<StoredBatch> {
      return ingestTx.immediate(records, now)
    },
  }
}

export type OutcomesRepo = ReturnType<typeof outcomesRepo>
