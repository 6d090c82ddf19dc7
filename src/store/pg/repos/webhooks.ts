import type { WebhooksRepo } from '../../repos/webhooks.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgWebhooksRepo(_db: PgDb): WebhooksRepo {
  return notPorted('webhooks')
}
