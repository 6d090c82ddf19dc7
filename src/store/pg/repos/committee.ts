import type { CommitteeRepo } from '../../repos/committee.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgCommitteeRepo(_db: PgDb): CommitteeRepo {
  return notPorted('committee')
}
