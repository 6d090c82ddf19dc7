import type { SessionsRepo } from '../../repos/sessions.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgSessionsRepo(_db: PgDb): SessionsRepo {
  return notPorted('sessions')
}
