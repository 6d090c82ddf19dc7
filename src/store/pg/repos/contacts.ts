import type { ContactsRepo } from '../../repos/contacts.ts'
import type { TopicLimit } from '../../repos/topic-cap.ts'
import type { PgIdentityCache } from './identity.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgContactsRepo(
  _db: PgDb,
  _topicLimit: TopicLimit,
  _identities: PgIdentityCache,
): ContactsRepo {
  return notPorted('contacts')
}
