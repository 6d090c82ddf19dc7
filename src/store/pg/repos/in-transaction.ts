import type { SuppressionKind } from '../../repos/suppressions.ts'
import type { Queryable } from '../client.ts'

/**
 * Writes and checks that several repositories make inside their own transactions, one
 * definition each (the SQLite counterparts: dirtyMarker, suppressionCheck, anySuppressions,
 * suppressionWriter).
 */

/** Marks accounts for rescoring. Sorted, so two transactions lock the rows in one order. */
export async function markDirty(q: Queryable, accountIds: Iterable<number>, now: number) {
  const ids = [...new Set(accountIds)].sort((a, b) => a - b)
  if (ids.length === 0) return
  await q.run(
    `INSERT INTO dirty_accounts (account_id, since) SELECT id, $2 FROM unnest($1::bigint[]) AS id
     ON CONFLICT (account_id) DO UPDATE SET since = excluded.since`,
    [ids, now],
  )
}

/** Whether anything is suppressed at all: most services never erase anyone. */
export async function anySuppressed(q: Queryable): Promise<boolean> {
  const row = await q.one<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM suppressions) AS any')
  return row!.any
}

/** The hashes among `hashes` that are suppressed (erased identities). */
export async function suppressedAmong(
  q: Queryable,
  hashes: readonly Buffer[],
): Promise<Set<string>> {
  if (hashes.length === 0) return new Set()
  const rows = await q.query<{ hash: Buffer }>(
    'SELECT hash FROM suppressions WHERE hash = ANY($1::bytea[])',
    [hashes],
  )
  return new Set(rows.map((row) => row.hash.toString('hex')))
}

/** True when any of the hashes is suppressed. */
export async function isSuppressed(q: Queryable, hashes: readonly Buffer[]): Promise<boolean> {
  return (await suppressedAmong(q, hashes)).size > 0
}

export async function suppress(q: Queryable, hash: Buffer, kind: SuppressionKind, now: number) {
  await q.run(
    'INSERT INTO suppressions (hash, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [hash, kind, now],
  )
}

/**
 * Moves the identities version: an account or contact id remembered by any replica's ingest
 * may name something else now (erasure, a contact moved). Rare writes, so one row is no hot spot.
 */
export async function identitiesChanged(q: Queryable) {
  await q.run("UPDATE store_versions SET value = value + 1 WHERE name = 'identities'")
}

export async function identitiesVersion(q: Queryable): Promise<number> {
  const row = await q.one<{ value: number }>(
    "SELECT value FROM store_versions WHERE name = 'identities'",
  )
  return row!.value
}
