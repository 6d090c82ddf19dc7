import type { PeersRepo } from '../../repos/peers.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgPeersRepo(_db: PgDb): PeersRepo {
  return notPorted('peers')
}
