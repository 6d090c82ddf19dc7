import { DAY_MS } from '../../../vocabulary.ts'
import { DAY_OF_SIGNAL, foldContributions, type RollupContribution } from '../../repos/rollups.ts'
import type { Queryable } from '../client.ts'

/**
 * The daily rollups on PostgreSQL (SQLite's rollups.ts, statement for statement): the
 * incremental writer and the rebuilders, all inside the caller's transaction.
 */

/**
 * Adds stored signals to the rollups: folded in memory, then one insert for the people and
 * one upsert for the cells (rows sorted by key, so two replicas lock them in one order).
 */
export async function addToRollups(q: Queryable, contributions: RollupContribution[]) {
  const { cells, people, firstDay, lastDay } = foldContributions(contributions)
  const byKey = <T extends [number, number, number, string, ...unknown[]]>(a: T, b: T) =>
    a[0] - b[0] || a[2] - b[2] || a[1] - b[1] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0)
  const personRows = [...people.values()].sort(
    (a, b) => byKey(a, b) || (a[4] as number) - (b[4] as number),
  )
  if (personRows.length > 0) {
    const added = await q.query<{
      account_id: number
      topic_id: number
      day: number
      type: string
    }>(
      `INSERT INTO topic_daily_people (account_id, topic_id, day, type, contact_id)
       SELECT a, t, d, ty, c FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[])
         WITH ORDINALITY AS u(a, t, d, ty, c, n) ORDER BY n
       ON CONFLICT DO NOTHING RETURNING account_id, topic_id, day, type`,
      [0, 1, 2, 3, 4].map((i) => personRows.map((row) => row[i])),
    )
    for (const row of added)
      cells.get(`${row.account_id}|${row.topic_id}|${row.day}|${row.type}`)![5] += 1
  }
  const cellRows = [...cells.values()].sort(byKey)
  if (cellRows.length === 0) return
  await q.run(
    `INSERT INTO topic_daily (account_id, topic_id, day, type, signals, people, weight_sum, weighted)
     SELECT a, t, d, ty, s, p, ws, w FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[],
       $5::bigint[], $6::bigint[], $7::float8[], $8::bigint[]) WITH ORDINALITY AS u(a, t, d, ty, s, p, ws, w, n)
     ORDER BY n
     ON CONFLICT (account_id, day, topic_id, type) DO UPDATE SET
       signals = topic_daily.signals + excluded.signals, people = topic_daily.people + excluded.people,
       weight_sum = topic_daily.weight_sum + excluded.weight_sum,
       weighted = topic_daily.weighted + excluded.weighted`,
    [0, 1, 2, 3, 4, 5, 6, 7].map((i) => cellRows.map((row) => row[i])),
  )
  await stalePeerBaselines(q, firstDay, lastDay)
}

/** Peer baselines of windows holding any day in [firstDay, lastDay] are stale: deleted. */
export async function stalePeerBaselines(q: Queryable, firstDay: number, lastDay: number) {
  await q.run('DELETE FROM peer_baselines WHERE first_day <= $1 AND last_day >= $2', [
    lastDay,
    firstDay,
  ])
}

/**
 * SQLite's rollupRebuildSql in PostgreSQL's dialect: `sum(contact_id IS NULL)` is a filtered
 * count, `total(weight)` (0.0 when none) is coalesce(sum, 0). `where` uses $n parameters.
 */
// DAY_OF_SIGNAL (SQLite's) holds on PostgreSQL too: bigint `/` truncates as SQLite's integer `/`.
export function pgRollupRebuildSql(where: string): { people: string; cells: string } {
  const scope = `FROM signals WHERE account_id IS NOT NULL AND (${where})`
  return {
    people: `INSERT INTO topic_daily_people (account_id, topic_id, day, type, contact_id)
      SELECT DISTINCT account_id, coalesce(topic_id, 0), ${DAY_OF_SIGNAL}, type, contact_id
      ${scope} AND contact_id IS NOT NULL`,
    cells: `INSERT INTO topic_daily (account_id, topic_id, day, type, signals, people, weight_sum, weighted)
      SELECT account_id, coalesce(topic_id, 0), ${DAY_OF_SIGNAL}, type, count(*),
             count(DISTINCT contact_id) + count(*) FILTER (WHERE contact_id IS NULL),
             coalesce(sum(weight), 0), count(weight)
      ${scope}
      GROUP BY account_id, coalesce(topic_id, 0), ${DAY_OF_SIGNAL}, type`,
  }
}

const ACCOUNT_SQL = pgRollupRebuildSql('account_id = $1')
const DAY_SQL = pgRollupRebuildSql('account_id = $1 AND occurred_at >= $2 AND occurred_at < $3')

/** Rebuilds one account's rollups (after an erasure), inside the caller's transaction. */
export async function rebuildAccount(q: Queryable, accountId: number) {
  await q.run('DELETE FROM topic_daily WHERE account_id = $1', [accountId])
  await q.run('DELETE FROM topic_daily_people WHERE account_id = $1', [accountId])
  await q.run(ACCOUNT_SQL.people, [accountId])
  await q.run(ACCOUNT_SQL.cells, [accountId])
}

/** Rebuilds one account's rollups of one day from its signals, inside the caller's transaction. */
export async function rebuildDay(q: Queryable, accountId: number, day: number) {
  const from = day * DAY_MS
  await q.run('DELETE FROM topic_daily WHERE account_id = $1 AND day = $2', [accountId, day])
  await q.run('DELETE FROM topic_daily_people WHERE account_id = $1 AND day = $2', [accountId, day])
  await q.run(DAY_SQL.people, [accountId, from, from + DAY_MS])
  await q.run(DAY_SQL.cells, [accountId, from, from + DAY_MS])
}

/** Rebuilds every rollup from the signals (the bulk loader's last step), in the caller's transaction. */
export async function rebuildAllRollups(q: Queryable) {
  const sql = pgRollupRebuildSql('true')
  await q.run('DELETE FROM topic_daily_people')
  await q.run('DELETE FROM topic_daily')
  await q.run(sql.people)
  await q.run(sql.cells)
}
