import type { TaxonomyRepo } from '../../repos/taxonomy.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgTaxonomyRepo(_db: PgDb): TaxonomyRepo {
  return notPorted('taxonomy')
}
