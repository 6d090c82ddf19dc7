import type { IngestResult, OutcomeRecord } from '../../domain/model.ts'
import type { Db } from '../db.ts'
import { identityStatements } from './identity.ts'

export function outcomesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO outcomes (dedupe_key, external_id, account_id, type, occurred_at, amount, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  )
  const beginResolution = identityStatements(db)

  const ingestTx = db.transaction((records: OutcomeRecord[], now: number): IngestResult => {
    const resolve = beginResolution(now)
    let accepted = 0
    for (const record of records) {
      accepted += insert.run(
        record.dedupeKey,
        record.externalId,
        resolve.account(record.account),
        record.type,
        record.occurredAt,
        record.amount,
        now,
      ).changes
    }
    return { accepted, duplicates: records.length - accepted }
  })

  return {
    async ingest(records: OutcomeRecord[], now: number): Promise<IngestResult> {
      return ingestTx.immediate(records, now)
    },
  }
}

export type OutcomesRepo = ReturnType<typeof outcomesRepo>
