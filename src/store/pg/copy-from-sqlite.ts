import { createHash } from 'node:crypto'
import type { Db } from '../db.ts'
import { latestSchemaVersion, schemaVersion } from '../migrate.ts'
import type { PgDb, Queryable } from './client.ts'

/**
 * Every table, parents before children (foreign keys), as SQLite's schema has them at its
 * latest migration. A table added by a migration must be added here: `copyFromSqlite` refuses a
 * source holding a table it does not know, and a test holds this list equal to the schema.
 */
export const COPY_ORDER = [
  'accounts',
  'contacts',
  'topics',
  'signals',
  'outcomes',
  'api_keys',
  'topic_daily',
  'topic_daily_people',
  'models',
  'score_history',
  'dirty_accounts',
  'batch_checkpoints',
  'segment_users',
  'webhook_events',
  'crm_objects',
  'subscriptions',
  'deliveries',
  'audit_log',
  'peer_baselines',
  'settings',
  'account_scores',
  'sessions',
  'suppressions',
  'taxonomy_topics',
  'taxonomy_state',
  'topic_surges',
  'segments',
  'segment_members',
  'hubspot_writebacks',
  'hubspot_companies',
] as const

/** Tables whose id PostgreSQL generates: their sequences continue after the copied ids. */
const GENERATED_IDS = ['accounts', 'contacts', 'topics', 'signals', 'outcomes', 'audit_log']

/** Rows per statement and transaction: a chunk is copied with its progress, or not at all. */
const CHUNK_ROWS = 2_000
/** PostgreSQL's limit on a statement's parameters is 65,535. */
const MAX_PARAMS = 60_000

export interface TableCopy {
  table: string
  rows: number
  /** Rows copied by an earlier, interrupted run. */
  resumed: number
}

export interface TableCheck {
  table: string
  sqliteRows: number
  postgresRows: number
  sqliteSum: string
  postgresSum: string
  equal: boolean
}

export class CopyRefused extends Error {
  override name = 'CopyRefused'
}

interface Column {
  name: string
  type: string
  pk: number
}

function columnsOf(source: Db, table: string): Column[] {
  return source.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(table) as Column[]
}

/** The key rows are walked in: the primary key's columns (rowid tables: the id). */
function keyOf(columns: Column[]): string[] {
  const pk = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk)
  return pk.map((column) => column.name)
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * PostgreSQL sorts text by its collation; SQLite (and the checksum) bytewise: `COLLATE "C"`
 * keeps the two walks in one order whatever the destination database's locale.
 */
function pgOrder(columns: Column[], key: string[]): string {
  return key
    .map((name) => {
      const type = columns.find((column) => column.name === name)!.type.toUpperCase()
      return type === 'TEXT' ? `${quote(name)} COLLATE "C"` : quote(name)
    })
    .join(', ')
}

async function ensureProgressTable(q: Queryable) {
  await q.query(
    `CREATE TABLE IF NOT EXISTS copy_from_sqlite (
       table_name text PRIMARY KEY,
       last_key   text,
       copied     bigint NOT NULL,
       finished   boolean NOT NULL DEFAULT false
     )`,
  )
}

/** Refuses what cannot be copied faithfully: an old or unknown source, a destination in use. */
async function refuseUnlessCopyable(source: Db, destination: PgDb): Promise<void> {
  const version = schemaVersion(source)
  const latest = latestSchemaVersion()
  if (version !== latest)
    throw new CopyRefused(
      `the SQLite database is at schema version ${version}, this version of the service at ${latest}: open it once with this version (any command, with --db) so that it is upgraded, then copy`,
    )
  const tables = (
    source
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[]
  ).map((row) => row.name)
  const unknown = tables.filter((name) => !(COPY_ORDER as readonly string[]).includes(name))
  if (unknown.length > 0)
    throw new CopyRefused(
      `the SQLite database has tables this copy does not know: ${unknown.join(', ')}`,
    )
  const started = await destination.one<{ n: number }>(
    "SELECT count(*)::bigint AS n FROM pg_tables WHERE tablename = 'copy_from_sqlite'",
  )
  if (started!.n > 0) return // an earlier run's copy: resume it
  for (const table of COPY_ORDER) {
    const row = await destination.one(`SELECT 1 AS n FROM ${quote(table)} LIMIT 1`)
    if (row !== undefined)
      throw new CopyRefused(
        `the PostgreSQL database is not empty (${table} has rows) and holds no earlier copy to resume; copy into a new, empty database`,
      )
  }
}

function keyText(row: Record<string, unknown>, key: string[]): string {
  return JSON.stringify(
    key.map((name) =>
      Buffer.isBuffer(row[name]) ? (row[name] as Buffer).toString('hex') : row[name],
    ),
  )
}

/**
 * Copies every table of a SQLite database (at the latest schema) into a migrated PostgreSQL
 * one, table by table in key order, a chunk per transaction together with the chunk's progress:
 * interrupted anywhere, the next run resumes after the last chunk committed. Ids are kept, and
 * the generated-id sequences moved past them. The source is only read.
 */
export async function copyFromSqlite(
  source: Db,
  destination: PgDb,
  onProgress: (table: string, copied: number) => void = () => {},
): Promise<TableCopy[]> {
  await refuseUnlessCopyable(source, destination)
  await ensureProgressTable(destination)
  const copies: TableCopy[] = []
  for (const table of COPY_ORDER) {
    const columns = columnsOf(source, table)
    const key = keyOf(columns)
    const names = columns.map((column) => column.name)
    const progress = await destination.one<{
      last_key: string | null
      copied: number
      finished: boolean
    }>('SELECT last_key, copied, finished FROM copy_from_sqlite WHERE table_name = $1', [table])
    const resumed = progress?.copied ?? 0
    if (progress?.finished) {
      copies.push({ table, rows: resumed, resumed })
      continue
    }
    const after = progress?.last_key ? (JSON.parse(progress.last_key) as unknown[]) : null
    const keyList = key.map(quote).join(', ')
    const marks = key.map(() => '?').join(', ')
    const page = source.prepare(
      `SELECT ${names.map(quote).join(', ')} FROM ${quote(table)}
       WHERE ? IS NULL OR (${keyList}) > (${marks})
       ORDER BY ${keyList} LIMIT ?`,
    )
    const chunk = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(MAX_PARAMS / names.length)))
    let last: unknown[] | null =
      after === null
        ? null
        : after.map((value, i) => {
            const type = columns.find((column) => column.name === key[i])!.type.toUpperCase()
            return type === 'BLOB' ? Buffer.from(String(value), 'hex') : value
          })
    let copied = resumed
    for (;;) {
      const rows = page.all(
        last === null ? null : 1,
        ...(last ?? key.map(() => null)),
        chunk,
      ) as Record<string, unknown>[]
      if (rows.length === 0) break
      const values: unknown[] = []
      const tuples = rows.map((row) => {
        const marksOfRow = names.map((name) => {
          values.push(row[name])
          return `$${values.length}`
        })
        return `(${marksOfRow.join(', ')})`
      })
      const lastRow = rows.at(-1)!
      copied += rows.length
      await destination.tx(async (q) => {
        await q.query(
          `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`,
          values,
        )
        await q.query(
          `INSERT INTO copy_from_sqlite (table_name, last_key, copied) VALUES ($1, $2, $3)
           ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, copied = excluded.copied`,
          [table, keyText(lastRow, key), copied],
        )
      })
      last = key.map((name) => lastRow[name])
      onProgress(table, copied)
    }
    await destination.query(
      `INSERT INTO copy_from_sqlite (table_name, last_key, copied, finished) VALUES ($1, NULL, $2, true)
       ON CONFLICT (table_name) DO UPDATE SET finished = true, copied = excluded.copied`,
      [table, copied],
    )
    copies.push({ table, rows: copied, resumed })
  }
  for (const table of GENERATED_IDS) {
    await destination.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST((SELECT max(id) FROM ${quote(table)}), 0) + 1, false)`,
      [table],
    )
  }
  return copies
}

/** A row as the checksum sees it: the same text from either engine for the same values. */
function canonical(row: Record<string, unknown>, names: string[]): string {
  return JSON.stringify(
    names.map((name) => {
      const value = row[name]
      if (Buffer.isBuffer(value)) return `x${value.toString('hex')}`
      if (typeof value === 'bigint') return Number(value)
      return value ?? null
    }),
  )
}

/**
 * Counts and a SHA-256 over every row of every table, in key order, read from both databases:
 * equal sums mean every value of every row arrived (the copy is verified, not trusted).
 */
export async function verifyCopy(source: Db, destination: PgDb): Promise<TableCheck[]> {
  const checks: TableCheck[] = []
  for (const table of COPY_ORDER) {
    const columns = columnsOf(source, table)
    const key = keyOf(columns)
    const names = columns.map((column) => column.name)
    const list = names.map(quote).join(', ')
    const sqliteHash = createHash('sha256')
    let sqliteRows = 0
    for (const row of source
      .prepare(`SELECT ${list} FROM ${quote(table)} ORDER BY ${key.map(quote).join(', ')}`)
      .iterate() as Iterable<Record<string, unknown>>) {
      sqliteHash.update(canonical(row, names)).update('\n')
      sqliteRows++
    }
    const postgresHash = createHash('sha256')
    let postgresRows = 0
    const order = pgOrder(columns, key)
    // In key-ordered pages, so a large table is never held in memory at once.
    let offsetKey: unknown[] | null = null
    for (;;) {
      const rows: Record<string, unknown>[] = await destination.query(
        offsetKey === null
          ? `SELECT ${list} FROM ${quote(table)} ORDER BY ${order} LIMIT 10000`
          : `SELECT ${list} FROM ${quote(table)} WHERE (${key.map((name) => `${quote(name)}${columns.find((c) => c.name === name)!.type.toUpperCase() === 'TEXT' ? ' COLLATE "C"' : ''}`).join(', ')}) > (${key.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY ${order} LIMIT 10000`,
        offsetKey ?? [],
      )
      for (const row of rows) {
        postgresHash.update(canonical(row, names)).update('\n')
        postgresRows++
      }
      if (rows.length < 10000) break
      const lastRow = rows.at(-1)!
      offsetKey = key.map((name) => lastRow[name])
    }
    const sqliteSum = sqliteHash.digest('hex')
    const postgresSum = postgresHash.digest('hex')
    checks.push({
      table,
      sqliteRows,
      postgresRows,
      sqliteSum,
      postgresSum,
      equal: sqliteRows === postgresRows && sqliteSum === postgresSum,
    })
  }
  return checks
}
