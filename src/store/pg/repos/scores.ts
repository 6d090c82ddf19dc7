import type { ScoresRepo } from '../../repos/scores.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgScoresRepo(_db: PgDb): ScoresRepo {
  return notPorted('scores')
}
