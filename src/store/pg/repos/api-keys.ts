import type { ApiKeysRepo } from '../../repos/api-keys.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgApiKeysRepo(_db: PgDb): ApiKeysRepo {
  return notPorted('apiKeys')
}
