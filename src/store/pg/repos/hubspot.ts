import type { HubSpotRepo } from '../../repos/hubspot.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgHubSpotRepo(_db: PgDb): HubSpotRepo {
  return notPorted('hubspot')
}
