import type { ChangesRepo } from '../../repos/changes.ts'
import type { PgDb } from '../client.ts'

/**
 * The change mark between replicas: the server's write-ahead log insert position. Every committed
 * INSERT, UPDATE or DELETE, through any replica or tool, moves it, so two equal marks mean
 * nothing was written in between (it also moves for writes no cache depends on: a cache then
 * reads again, never serves stale). One round trip, no table read.
 */
export function pgChangesRepo(db: PgDb): ChangesRepo {
  return {
    async mark() {
      const row = await db.one<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')
      return row!.lsn
    },
  }
}
