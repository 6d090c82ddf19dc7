import type { SegmentRepo } from '../../repos/segment.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgSegmentRepo(_db: PgDb): SegmentRepo {
  return notPorted('segment')
}
