import type { ErasureRepo } from '../../repos/erasure.ts'
import type { PgIdentityCache } from './identity.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgErasureRepo(_db: PgDb, _identities: PgIdentityCache): ErasureRepo {
  return notPorted('erasure')
}
