import type { ClaimRow, HubSpotRepo, NewWriteBack } from '../../repos/hubspot.ts'
import type { PgDb, Queryable, Row } from '../client.ts'

/** Queues a write-back inside the caller's transaction (the score's): the latest state wins. */
export async function queueHubSpotWriteBack(
  q: Queryable,
  writeBack: NewWriteBack | null | undefined,
  now: number,
): Promise<void> {
  if (writeBack) await queueHubSpotWriteBacks(q, [writeBack], now)
}

/**
 * A batch's write-backs in one statement, as SQLite's writer queueing them one after another:
 * the last state of an account wins and its version moves once per write-back (a new row's
 * version is their count). Rows are written in account order, so two batches lock them in one
 * order.
 */
export async function queueHubSpotWriteBacks(
  q: Queryable,
  writeBacks: readonly (NewWriteBack | null | undefined)[],
  now: number,
): Promise<void> {
  const queued = writeBacks.filter((w): w is NewWriteBack => Boolean(w))
  if (queued.length === 0) return
  await q.run(
    `WITH given AS (
       SELECT g.account_id, g.properties, g.n,
              count(*) OVER (PARTITION BY g.account_id) AS times
       FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS g(account_id, properties, n)
     ), latest AS (
       SELECT DISTINCT ON (account_id) account_id, properties, times
       FROM given ORDER BY account_id, n DESC
     )
     INSERT INTO hubspot_writebacks (account_id, properties, version, queued_at, next_attempt_at)
     SELECT account_id, properties, times, $3, $3 FROM latest ORDER BY account_id
     ON CONFLICT (account_id) DO UPDATE SET properties = excluded.properties,
       version = hubspot_writebacks.version + excluded.version, queued_at = excluded.queued_at,
       attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL`,
    [queued.map((w) => w.accountId), queued.map((w) => w.properties), now],
  )
}

export function pgHubSpotRepo(db: PgDb): HubSpotRepo {
  return {
    /**
     * The due write-backs, earliest first, each leased until `until`. The due rows are locked
     * with SKIP LOCKED inside the claim's transaction, so a replica claiming at the same time
     * passes them over, and once leased they are no longer due: never claimed twice.
     */
    async claim(now, until, limit) {
      const rows = await db.tx(async (q) => {
        const due = await q.query<ClaimRow & Row>(
          `SELECT w.account_id, a.domain, w.properties, w.version, w.attempts, c.company_id, c.checked_at
           FROM hubspot_writebacks w JOIN accounts a ON a.id = w.account_id
           LEFT JOIN hubspot_companies c ON c.account_id = w.account_id
           WHERE w.next_attempt_at <= $1 ORDER BY w.next_attempt_at, w.account_id LIMIT $2
           FOR UPDATE OF w SKIP LOCKED`,
          [now, limit],
        )
        if (due.length > 0)
          await q.run(
            'UPDATE hubspot_writebacks SET next_attempt_at = $2 WHERE account_id = ANY($1::bigint[])',
            [due.map((row) => row.account_id), until],
          )
        return due
      })
      return rows.map((row) => ({
        accountId: row.account_id,
        domain: row.domain,
        properties: JSON.parse(row.properties) as Record<string, string>,
        version: row.version,
        attempts: row.attempts,
        company:
          row.checked_at === null ? undefined : { id: row.company_id, checkedAt: row.checked_at },
      }))
    },
    async done(items) {
      if (items.length === 0) return
      await db.run(
        `DELETE FROM hubspot_writebacks w USING unnest($1::bigint[], $2::bigint[]) AS d(account_id, version)
         WHERE w.account_id = d.account_id AND w.version = d.version`,
        [items.map((item) => item.accountId), items.map((item) => item.version)],
      )
    },
    async retry(items, next, error) {
      if (items.length === 0) return
      await db.run(
        `UPDATE hubspot_writebacks w SET attempts = d.attempts, next_attempt_at = $4, last_error = $5
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS d(account_id, version, attempts)
         WHERE w.account_id = d.account_id AND w.version = d.version`,
        [
          items.map((item) => item.accountId),
          items.map((item) => item.version),
          items.map((item) => item.attempts),
          next,
          error.slice(0, 200),
        ],
      )
    },
    async rememberCompany(accountId, companyId, now) {
      await db.run(
        `INSERT INTO hubspot_companies (account_id, company_id, checked_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET company_id = excluded.company_id, checked_at = excluded.checked_at`,
        [accountId, companyId, now],
      )
    },
    async forgetCompanies(companyIds) {
      if (companyIds.length === 0) return
      await db.run('DELETE FROM hubspot_companies WHERE company_id = ANY($1::text[])', [companyIds])
    },
    async pendingCount() {
      const row = await db.one<{ n: number }>('SELECT count(*) AS n FROM hubspot_writebacks')
      return row!.n
    },
  }
}
