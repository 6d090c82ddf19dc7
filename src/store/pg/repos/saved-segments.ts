import type { SavedSegmentsRepo } from '../../repos/saved-segments.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgSavedSegmentsRepo(_db: PgDb): SavedSegmentsRepo {
  return notPorted('savedSegments')
}
