import { rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { postgresBinDir, startPostgres } from '../test/helpers/postgres-server.ts'
import { benchDir, benchSignals, httpIngestRate } from './ingest.ts'
import { accountPaths, batchScore, load, serve, warm } from './lookup.ts'

type Line = (label: string, value: string, ratio?: string) => void

const SECRETS = {
  ERASURE_SECRET: 'bench-erasure-secret-0123456789abcdef',
  SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
}

async function createDatabase(server: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  return server.replace(/\/postgres$/, `/${name}`)
}

/**
 * `npm run bench -- --db postgres`: the same work on SQLite and on one PostgreSQL server on this
 * machine, in the same run — ingest over HTTP (one replica, then two over one database), the
 * batch (whole, then as two shards at once), and look-ups of the top accounts. The server runs
 * with fsync and synchronous commit on, as SQLite runs with synchronous=FULL; both engines share
 * the machine's two cores with the load generator, so replicas here measure contention, not the
 * scale-out a second machine would bring.
 */
export async function postgresRows(line: Line, quick: boolean): Promise<void> {
  const binDir = postgresBinDir()
  if (binDir === null) {
    line('postgres: no PostgreSQL server binaries on this machine', 'skipped', '')
    return
  }
  const size = quick
    ? { signals: 50_000, accounts: 1_000, seconds: 4 }
    : { signals: 300_000, accounts: 6_000, seconds: 10 }
  const server = await startPostgres(binDir, { durable: true })
  const dir = benchDir()
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  try {
    const signals = benchSignals(size.signals, size.accounts)
    const ingest = { batch: 1000, clients: 4, ndjson: false }
    const sqlite = await httpIngestRate(signals, dir, { ...ingest, name: 'sqlite' })
    line(
      `postgres baseline: SQLite, POST /v1/signals ×1,000, 4 clients`,
      `${fmt(sqlite)} signals/s`,
      '1.00',
    )
    const one = await createDatabase(server.url, 'bench_one')
    const pgOne = await httpIngestRate(signals, dir, {
      ...ingest,
      name: 'pg-one',
      env: { DATABASE_URL: one, ...SECRETS },
    })
    line(
      'postgres: the same into PostgreSQL, one replica',
      `${fmt(pgOne)} signals/s`,
      `${(pgOne / sqlite).toFixed(2)} of SQLite`,
    )
    const two = await createDatabase(server.url, 'bench_two')
    const pgTwo = await httpIngestRate(signals, dir, {
      ...ingest,
      name: 'pg-two',
      env: { DATABASE_URL: two, ...SECRETS },
      replicas: 2,
    })
    line(
      'postgres: the same, two replicas over one database',
      `${fmt(pgTwo)} signals/s`,
      `${(pgTwo / sqlite).toFixed(2)} of SQLite`,
    )

    // The batch over the books ingest made (the same accounts and signals on both engines).
    const sqliteBatch = await batchScore(join(dir, 'sqlite.db'), size.accounts)
    line(
      `postgres baseline: SQLite, intent score --all, ${fmt(size.accounts)} accounts`,
      `${fmt(sqliteBatch.perSecond)} accounts/s`,
      '1.00',
    )
    const pgEnv = { DATABASE_URL: one, ...SECRETS }
    const pgBatch = await batchScore(null, size.accounts, { env: pgEnv })
    line(
      'postgres: the same on PostgreSQL',
      `${fmt(pgBatch.perSecond)} accounts/s`,
      `${(pgBatch.perSecond / sqliteBatch.perSecond).toFixed(2)} of SQLite`,
    )
    const started = performance.now()
    await Promise.all(
      ['1/2', '2/2'].map((shard) =>
        batchScore(null, size.accounts / 2, {
          env: { DATABASE_URL: two, ...SECRETS },
          extra: ['--shard', shard],
        }),
      ),
    )
    const sharded = size.accounts / ((performance.now() - started) / 1000)
    line(
      'postgres: the same as two shards at once (--shard 1/2, 2/2)',
      `${fmt(sharded)} accounts/s`,
      `${(sharded / sqliteBatch.perSecond).toFixed(2)} of SQLite`,
    )

    // Look-ups of the top accounts, scores stored by the batch above.
    for (const [name, env] of [
      ['SQLite', {}],
      ['PostgreSQL', pgEnv],
    ] as const) {
      const served = await serve(join(dir, 'sqlite.db'), env)
      try {
        const hot = await accountPaths(served.base, 500, 'score')
        await warm(served.base, hot)
        const ping = await load(served.base, size.seconds, 50, ['/ping'])
        const result = await load(served.base, size.seconds, 50, hot)
        line(
          `postgres: look-ups on ${name}, 500 top accounts, 50 connections`,
          `${fmt(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`,
          `${(result.rps / ping.rps).toFixed(2)} of /ping (${fmt(ping.rps)} req/s)${result.errors + result.non2xx > 0 ? `, errors ${result.errors + result.non2xx}` : ''}`,
        )
      } finally {
        await served.stop()
      }
    }
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
