import type { SignalsRepo } from '../../repos/signals.ts'
import type { TopicLimit } from '../../repos/topic-cap.ts'
import type { PgIdentityCache } from './identity.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgSignalsRepo(
  _db: PgDb,
  _topicLimit: TopicLimit,
  _identities: PgIdentityCache,
): SignalsRepo {
  return notPorted('signals')
}
