import type { CheckpointsRepo } from '../../repos/checkpoints.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgCheckpointsRepo(_db: PgDb): CheckpointsRepo {
  return notPorted('checkpoints')
}
