import type { TopicsRepo } from '../../repos/topics.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgTopicsRepo(_db: PgDb): TopicsRepo {
  return notPorted('topics')
}
