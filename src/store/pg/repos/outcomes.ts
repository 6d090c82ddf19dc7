import type { OutcomesRepo } from '../../repos/outcomes.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgOutcomesRepo(_db: PgDb): OutcomesRepo {
  return notPorted('outcomes')
}
