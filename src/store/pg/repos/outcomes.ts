import type { OutcomeRecord, StoredBatch, StoredFate } from '../../../records.ts'
import { type OutcomeRow, type OutcomesRepo, toOutcomeAt } from '../../repos/outcomes.ts'
import type { PgDb, Row } from '../client.ts'
import { pgIdentityStatements, sharedErasureLock } from './identity.ts'
import { markDirty, suppressedAmong } from './in-transaction.ts'

/** SQLite's outcomes repository on PostgreSQL; a batch is a few statements, not one per record. */
export function pgOutcomesRepo(db: PgDb): OutcomesRepo {
  const beginResolution = pgIdentityStatements()

  return {
    async forAccount(domain: string, asOf: number) {
      const rows = await db.query<OutcomeRow & Row>(
        `SELECT o.type, o.occurred_at FROM outcomes o JOIN accounts a ON a.id = o.account_id
         WHERE a.domain = $1 AND o.occurred_at <= $2 ORDER BY o.occurred_at, o.id`,
        [domain, asOf],
      )
      return rows.map(toOutcomeAt)
    },

    async forAccountId(accountId: number, asOf: number) {
      const rows = await db.query<OutcomeRow & Row>(
        'SELECT type, occurred_at FROM outcomes WHERE account_id = $1 AND occurred_at <= $2 ORDER BY occurred_at, id',
        [accountId, asOf],
      )
      return rows.map(toOutcomeAt)
    },

    async withOutcomes(accountIds: number[], asOf: number): Promise<Set<number>> {
      if (accountIds.length === 0) return new Set()
      const rows = await db.query<{ id: number }>(
        `SELECT j.id FROM unnest($1::bigint[]) AS j(id)
         WHERE EXISTS (SELECT 1 FROM outcomes o WHERE o.account_id = j.id AND o.occurred_at <= $2)`,
        [accountIds, asOf],
      )
      return new Set(rows.map((row) => row.id))
    },

    async all(asOf: number) {
      const rows = await db.query<OutcomeRow & Row & { domain: string }>(
        `SELECT a.domain, o.type, o.occurred_at FROM outcomes o JOIN accounts a ON a.id = o.account_id
         WHERE o.occurred_at <= $1 ORDER BY a.domain, o.occurred_at, o.id`,
        [asOf],
      )
      return rows.map((row) => ({ domain: row.domain, ...toOutcomeAt(row) }))
    },

    async ingest(records: OutcomeRecord[], now: number): Promise<StoredBatch> {
      return db.tx(async (q) => {
        await sharedErasureLock(q)
        const resolve = beginResolution(q, now)
        const hit = await suppressedAmong(
          q,
          records.flatMap((record) => record.suppression),
        )
        const fates: (StoredFate | null)[] = records.map((record) =>
          record.suppression.some((hash) => hit.has(hash.toString('hex'))) ? 'suppressed' : null,
        )
        const live = records.filter((_, i) => fates[i] === null)
        await resolve.prefetch({ accounts: live.map((record) => record.account), contacts: [] })
        const accountIds: number[] = []
        for (const record of live) accountIds.push(await resolve.account(record.account))
        const inserted =
          live.length === 0
            ? []
            : await q.query<{ dedupe_key: Buffer }>(
                `INSERT INTO outcomes (dedupe_key, external_id, account_id, type, occurred_at, amount, received_at)
                 SELECT k, e, a, t, o, m, $7 FROM unnest($1::bytea[], $2::text[], $3::bigint[],
                   $4::text[], $5::bigint[], $6::float8[]) WITH ORDINALITY AS x(k, e, a, t, o, m, n)
                 ORDER BY n
                 ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
                [
                  live.map((r) => r.dedupeKey),
                  live.map((r) => r.externalId),
                  accountIds,
                  live.map((r) => r.type),
                  live.map((r) => r.occurredAt),
                  live.map((r) => r.amount),
                  now,
                ],
              )
        const stored = new Set(inserted.map((row) => row.dedupe_key.toString('latin1')))
        let next = 0
        for (const [index, fate] of fates.entries()) {
          if (fate !== null) continue
          fates[index] = stored.delete(live[next++]!.dedupeKey.toString('latin1'))
            ? 'stored'
            : 'duplicate'
        }
        if (inserted.length > 0) await markDirty(q, accountIds, now)
        return { fates: fates as StoredFate[], topicless: [] }
      })
    },
  }
}
