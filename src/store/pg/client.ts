import pg from 'pg'
import { UnstorableText } from '../faults.ts'

// bigint (int8) columns hold epoch milliseconds, ids and counts, all far below 2^53: read them
// as numbers, as SQLite gives them, rather than pg's default strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))
// numeric only arrives from aggregates (sum of bigint); the same reasoning holds.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value))

export type Row = Record<string, unknown>

/** What a statement runs on: the pool (its own short transaction) or one transaction's client. */
export interface Queryable {
  query<R extends Row = Row>(text: string, values?: readonly unknown[]): Promise<R[]>
  one<R extends Row = Row>(text: string, values?: readonly unknown[]): Promise<R | undefined>
  run(text: string, values?: readonly unknown[]): Promise<number>
}

export interface PgDb extends Queryable {
  /**
   * `work` inside one transaction on one connection: committed when it resolves, rolled back
   * when it throws. A serialization failure or deadlock (two replicas writing the same rows in
   * a different order) is retried from the start, a few times, as PostgreSQL advises.
   */
  tx<T>(work: (q: Queryable) => Promise<T>, options?: { isolation?: 'serializable' }): Promise<T>
  /** Runs `work` holding a session advisory lock on `key`, on a connection of its own. */
  withLock<T>(key: bigint, work: (q: Queryable) => Promise<T>): Promise<T>
  readonly pool: pg.Pool
  close(): Promise<void>
}

const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 5

const holdsNul = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.includes('\u0000')
    : Array.isArray(value) &&
      value.some((item) => typeof item === 'string' && item.includes('\u0000'))

/** PostgreSQL refuses a NUL in text with an error that reads as ours: say what it is first. */
function checked(values: readonly unknown[]): unknown[] {
  if (values.some(holdsNul)) throw new UnstorableText()
  return values as unknown[]
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends Row>(text: string, values: readonly unknown[] = []) {
      const result = await client.query<R>(text, checked(values))
      return result.rows
    },
    async one<R extends Row>(text: string, values: readonly unknown[] = []) {
      const result = await client.query<R>(text, checked(values))
      return result.rows[0]
    },
    async run(text: string, values: readonly unknown[] = []) {
      const result = await client.query(text, checked(values))
      return result.rowCount ?? 0
    },
  }
}

export interface PgOptions {
  /** Connections in the pool (default 10): each replica holds at most this many. */
  max?: number
  /** Seconds a statement may run before the server cancels it (default 60). */
  statementTimeoutSeconds?: number
}

export function openPgDb(url: string, options: PgOptions = {}): PgDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    statement_timeout: (options.statementTimeoutSeconds ?? 60) * 1000,
    application_name: 'intent-scoring',
  })
  // An idle connection the server dropped (a restart, a failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', () => {})
  const base = queryable(pool)
  return {
    ...base,
    pool,
    async tx(work, txOptions = {}) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect()
        try {
          await client.query(
            txOptions.isolation === 'serializable' ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN',
          )
          const result = await work(queryable(client))
          await client.query('COMMIT')
          return result
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {})
          const code = (error as { code?: string }).code
          if (code !== undefined && RETRYABLE.has(code) && attempt < ATTEMPTS) {
            await new Promise((resolve) => setTimeout(resolve, 5 * attempt * Math.random()))
            continue
          }
          throw error
        } finally {
          client.release()
        }
      }
    },
    async withLock(key, work) {
      const client = await pool.connect()
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key.toString()])
        try {
          return await work(queryable(client))
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key.toString()])
        }
      } finally {
        client.release()
      }
    },
    async close() {
      await pool.end()
    },
  }
}
