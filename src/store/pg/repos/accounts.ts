import type { AccountsRepo } from '../../repos/accounts.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgAccountsRepo(_db: PgDb): AccountsRepo {
  return notPorted('accounts')
}
