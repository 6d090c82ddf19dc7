import type { PagesRepo } from '../../repos/sales-pages.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgPagesRepo(_db: PgDb): PagesRepo {
  return notPorted('pages')
}
