import type { ModelsRepo } from '../../repos/models.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgModelsRepo(_db: PgDb): ModelsRepo {
  return notPorted('models')
}
