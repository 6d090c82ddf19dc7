import type { ActivityRepo } from '../../repos/activity.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgActivityRepo(_db: PgDb): ActivityRepo {
  return notPorted('activity')
}
