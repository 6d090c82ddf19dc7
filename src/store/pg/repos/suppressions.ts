import type { SuppressionsRepo } from '../../repos/suppressions.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgSuppressionsRepo(_db: PgDb): SuppressionsRepo {
  return notPorted('suppressions')
}
