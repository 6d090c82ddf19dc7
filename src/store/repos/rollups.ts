export { DAY_MS } from '../../vocabulary.ts'
import { DAY_MS } from '../../vocabulary.ts'
import type { Db } from '../db.ts'
import { multiRow } from '../multi-row.ts'

/** What one stored signal adds to the daily rollups. */
export interface RollupContribution {
  accountId: number
  topicId: number | null
  occurredAt: number
  type: string
  contactId: number | null
  weight: number | null
}

/** A rollup cell as folded: account, topic, day, type, signals, people, weight sum, weighted. */
export type FoldedCell = [number, number, number, string, number, number, number, number]
/** A person of a cell: account, topic, day, type, contact. */
export type FoldedPerson = [number, number, number, string, number]

/**
 * A batch's contributions folded by cell (key `account|topic|day|type`), the people of each cell,
 * and the days they span. How a signal counts, for both engines: every signal once; a signal
 * without a contact as its own person (a contact counts once per cell, when its people row is
 * new); explicit weights summed with how many carried one.
 */
export function foldContributions(contributions: RollupContribution[]) {
  let firstDay = Number.POSITIVE_INFINITY
  let lastDay = Number.NEGATIVE_INFINITY
  const cells = new Map<string, FoldedCell>()
  const people = new Map<string, FoldedPerson>()
  for (const c of contributions) {
    const topicId = c.topicId ?? 0
    const day = Math.floor(c.occurredAt / DAY_MS)
    if (day < firstDay) firstDay = day
    if (day > lastDay) lastDay = day
    const key = `${c.accountId}|${topicId}|${day}|${c.type}`
    let cell = cells.get(key)
    if (!cell) {
      cell = [c.accountId, topicId, day, c.type, 0, 0, 0, 0]
      cells.set(key, cell)
    }
    cell[4] += 1
    if (c.contactId === null) cell[5] += 1
    else people.set(`${key}|${c.contactId}`, [c.accountId, topicId, day, c.type, c.contactId])
    if (c.weight !== null) {
      cell[6] += c.weight
      cell[7] += 1
    }
  }
  return { cells, people, firstDay, lastDay }
}

/**
 * Writes rollups inside the caller's transaction. A batch is folded in memory first, so that
 * 1,000 signals of one account and day cost one upsert, not 1,000; the people and the cells are
 * then written a few hundred rows per statement (`multiRow`).
 */
export function rollupWriter(db: Db) {
  // The person rows the insert returns are the ones it added: the cell's new distinct people.
  const addPeople = multiRow<{ account_id: number; topic_id: number; day: number; type: string }>(
    db,
    'INSERT INTO topic_daily_people (account_id, topic_id, day, type, contact_id)',
    5,
    'ON CONFLICT DO NOTHING RETURNING account_id, topic_id, day, type',
  )
  const addCells = multiRow(
    db,
    'INSERT INTO topic_daily (account_id, topic_id, day, type, signals, people, weight_sum, weighted)',
    8,
    `ON CONFLICT (account_id, day, topic_id, type) DO UPDATE SET
       signals = signals + excluded.signals, people = people + excluded.people,
       weight_sum = weight_sum + excluded.weight_sum, weighted = weighted + excluded.weighted`,
  )

  const stalePeers = stalePeerBaselines(db)

  return function addToRollups(contributions: RollupContribution[]): void {
    const { cells, people, firstDay, lastDay } = foldContributions(contributions)
    for (const added of addPeople([...people.values()]))
      cells.get(`${added.account_id}|${added.topic_id}|${added.day}|${added.type}`)![5] += 1
    addCells([...cells.values()])
    if (cells.size > 0) stalePeers(firstDay, lastDay)
  }
}

/**
 * Peer baselines summarize the rollups of their window: a change on any day in
 * [firstDay, lastDay] makes the windows holding it stale, and they are deleted.
 */
export function stalePeerBaselines(db: Db) {
  const stale = db.prepare<[number, number]>(
    'DELETE FROM peer_baselines WHERE first_day <= ? AND last_day >= ?',
  )
  return (firstDay: number, lastDay: number) => {
    stale.run(lastDay, firstDay)
  }
}

/** A signal's UTC day in SQL, rounding down as Math.floor does (before 1970 too). */
export const DAY_OF_SIGNAL = `(occurred_at - ((occurred_at % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${DAY_MS}`

/**
 * The daily rollup over stored signals, as the two statements that rebuild it for the signals
 * `where` selects (an account, an account's day, every signal with an account): the one SQL
 * definition of a cell, used by the bulk loader, erasure and retopic. `rollupWriter` is its
 * incremental form, adding signal by signal; test/store/rollups.test.ts holds the two equal.
 */
export function rollupRebuildSql(where: string): { people: string; cells: string } {
  const scope = `FROM signals WHERE account_id IS NOT NULL AND (${where})`
  return {
    people: `INSERT INTO topic_daily_people (account_id, topic_id, day, type, contact_id)
      SELECT DISTINCT account_id, coalesce(topic_id, 0), ${DAY_OF_SIGNAL}, type, contact_id
      ${scope} AND contact_id IS NOT NULL`,
    cells: `INSERT INTO topic_daily (account_id, topic_id, day, type, signals, people, weight_sum, weighted)
      SELECT account_id, coalesce(topic_id, 0), ${DAY_OF_SIGNAL}, type, count(*),
             count(DISTINCT contact_id) + sum(contact_id IS NULL), total(weight), count(weight)
      ${scope}
      GROUP BY account_id, coalesce(topic_id, 0), ${DAY_OF_SIGNAL}, type`,
  }
}

/** Rebuilds one account's rollups (after an erasure), inside the caller's transaction. */
export function accountRebuilder(db: Db) {
  const clearCells = db.prepare<[number]>('DELETE FROM topic_daily WHERE account_id = ?')
  const clearPeople = db.prepare<[number]>('DELETE FROM topic_daily_people WHERE account_id = ?')
  const sql = rollupRebuildSql('account_id = ?')
  const people = db.prepare<[number]>(sql.people)
  const cells = db.prepare<[number]>(sql.cells)
  return (accountId: number) => {
    clearCells.run(accountId)
    clearPeople.run(accountId)
    people.run(accountId)
    cells.run(accountId)
  }
}

/**
 * Rebuilds one account's rollups of one day from its signals, inside the caller's transaction:
 * for changes the incremental writer cannot express, such as a signal changing topic.
 */
export function dayRebuilder(db: Db) {
  const clearCells = db.prepare<[number, number]>(
    'DELETE FROM topic_daily WHERE account_id = ? AND day = ?',
  )
  const clearPeople = db.prepare<[number, number]>(
    'DELETE FROM topic_daily_people WHERE account_id = ? AND day = ?',
  )
  const sql = rollupRebuildSql('account_id = ? AND occurred_at >= ? AND occurred_at < ?')
  const people = db.prepare<[number, number, number]>(sql.people)
  const cells = db.prepare<[number, number, number]>(sql.cells)
  return (accountId: number, day: number) => {
    const from = day * DAY_MS
    clearCells.run(accountId, day)
    clearPeople.run(accountId, day)
    people.run(accountId, from, from + DAY_MS)
    cells.run(accountId, from, from + DAY_MS)
  }
}

/** Rebuilds every rollup from the signals (the bulk loader's last step), in the caller's transaction. */
export function rebuildAllRollups(db: Db): void {
  const sql = rollupRebuildSql('true')
  db.exec('DELETE FROM topic_daily_people; DELETE FROM topic_daily;')
  db.prepare(sql.people).run()
  db.prepare(sql.cells).run()
}

export type AddToRollups = ReturnType<typeof rollupWriter>
