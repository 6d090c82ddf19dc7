import type { OutboxRepo } from '../../repos/outbox.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgOutboxRepo(_db: PgDb): OutboxRepo {
  return notPorted('outbox')
}
