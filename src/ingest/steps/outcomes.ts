import type { OutcomeRecord } from '../../records.ts'
import { dedupeKey } from '../dedupe.ts'
import type { OutcomeInput } from '../schemas.ts'

const PENDING = Buffer.alloc(0)

/** The account the outcome is for, as validation normalized it, and its details as stored. */
export function outcomeIdentity(input: OutcomeInput): OutcomeRecord {
  return {
    dedupeKey: PENDING,
    externalId: input.id ?? null,
    account: input.account,
    type: input.type,
    occurredAt: input.occurredAt,
    amount: input.amount ?? null,
    suppression: [],
  }
}

/** As for signals: the client id, or a hash of the content (in this order, for good). */
export function outcomeDedupeKey(record: OutcomeRecord): OutcomeRecord {
  const content = [record.account, record.type, record.occurredAt, record.amount]
  record.dedupeKey = dedupeKey(record.externalId, content, record.occurredAt)
  return record
}
