import { rmSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { buildLookupDatabase } from './build-db.ts'
import { pageRows } from './pages.ts'
import { benchDir, benchSignals, httpIngestRate, rawInsertRate } from './ingest.ts'
import { taxonomyIngestCost } from './taxonomy.ts'
import {
  accountPaths,
  batchScore,
  ingestWhile,
  load,
  sameSizeReference,
  serve,
  warm,
} from './lookup.ts'

/**
 * `npm run bench [-- --quick]`, or `-- --load` for the page-load figures alone, `-- --lookup`
 * for the look-up rows alone (with `--quick` for the small book), `-- --upserts` for bulk
 * upserts and the HubSpot write-back's cost to scoring, `-- --ingest` for the ingest rows alone
 * (with `--quick` for 50,000 signals), `-- --validate` for a signal batch's validation, fast path
 * against zod, and its CPU through the app, `-- --segments` for what keeping segment membership
 * costs score writes, `-- --db postgres [--quick]` for PostgreSQL beside SQLite in the same run: every figure is printed with its ratio
 * to a baseline measured in the same run, because these machines are shared and noisy.
 */
const quick = process.argv.includes('--quick')
const lookupOnly = process.argv.includes('--lookup')
const ingestOnly = process.argv.includes('--ingest')
if (process.argv.includes('--validate')) {
  const { validateRows } = await import('./validate.ts')
  await validateRows((label, value, ratio = '') =>
    console.log(`${label.padEnd(62)} ${value.padEnd(44)} ${ratio}`),
  )
  process.exit(0)
}
if (process.argv.includes('--pages')) {
  await pageRows((label, value, ratio = '') =>
    console.log(`${label.padEnd(62)} ${value.padEnd(44)} ${ratio}`),
  )
  process.exit(0)
}
if (process.argv.includes('--upserts')) {
  const { upsertRows } = await import('./upserts.ts')
  await upsertRows((label, value, ratio = '') =>
    console.log(`${label.padEnd(62)} ${value.padEnd(44)} ${ratio}`),
  )
  process.exit(0)
}
if (process.argv.includes('--segments')) {
  const { segmentRows } = await import('./segments.ts')
  await segmentRows((label, value, ratio = '') =>
    console.log(`${label.padEnd(62)} ${value.padEnd(44)} ${ratio}`),
  )
  process.exit(0)
}
const dbIndex = process.argv.indexOf('--db')
if (dbIndex !== -1) {
  const engine = process.argv[dbIndex + 1]
  if (engine !== 'postgres') throw new Error('--db takes postgres (SQLite is every other row)')
  const { postgresRows } = await import('./postgres.ts')
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}${process.argv.includes('--quick') ? ' (quick)' : ''}`,
  )
  await postgresRows(
    (label, value, ratio = '') => console.log(`${label.padEnd(62)} ${value.padEnd(44)} ${ratio}`),
    process.argv.includes('--quick'),
  )
  process.exit(0)
}
if (process.argv.includes('--load')) {
  await import('./page-load-run.ts')
  process.exit(0)
}
const size = quick
  ? { ingest: 50_000, accounts: 5_000, signals: 250_000, seconds: 4, wide: 2_000, batches: 5 }
  : {
      ingest: 300_000,
      accounts: 100_000,
      signals: 5_000_000,
      seconds: 15,
      wide: 20_000,
      batches: 13,
    }
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const line = (label: string, value: string, ratio = '') =>
  console.log(`${label.padEnd(62)} ${value.padEnd(44)} ${ratio}`)

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}${quick ? ' (quick)' : ''}`,
)

const dir = benchDir()
if (!lookupOnly) await ingestRows()
if (ingestOnly) {
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

// 1. Ingest against raw inserts of the same rows.
async function ingestRows() {
  const signals = benchSignals(size.ingest, size.ingest / 50)
  const raw = rawInsertRate(signals, dir)
  line(`ingest baseline: raw inserts, ${fmt(size.ingest)} rows`, `${fmt(raw)} signals/s`, '1.00')
  for (const [name, ndjson] of [
    ['JSON', false],
    ['NDJSON', true],
  ] as const) {
    const rate = await httpIngestRate(signals, dir, { batch: 1000, clients: 4, ndjson, name })
    line(
      `ingest: POST /v1/signals ${name} ×1,000, 4 clients`,
      `${fmt(rate)} signals/s`,
      `${(rate / raw).toFixed(2)} of raw (target 0.5)`,
    )
  }

  // 1b. What deriving topics from the taxonomy costs ingest.
  const taxonomy = await taxonomyIngestCost(dir, size.batches)
  line(
    `taxonomy baseline: ${taxonomy.batches} batches ×5,000, topics sent`,
    `${fmt(taxonomy.explicit)} signals/s`,
    '1.00',
  )
  line(
    'taxonomy: the same without topics, derived from url/title/query',
    `${fmt(taxonomy.derived)} signals/s (${Math.round(taxonomy.matched * 100)} % matched)`,
    `${(taxonomy.derived / taxonomy.explicit).toFixed(2)} of sent (target ≥ 0.90)`,
  )
  line(
    'taxonomy: the matcher alone on a 5,000-signal batch',
    `${taxonomy.matchMs.toFixed(1)} ms`,
    `${(taxonomy.matchShare * 100).toFixed(1)} % of the batch's ingest (target < 10 %)`,
  )
}

// 2–5. A book of the issue's size, scored in batch, then served.
const built = buildLookupDatabase(benchDir(), size.accounts, size.signals)
line(
  'data: generated book, bulk-loaded',
  `${fmt(size.accounts)} accounts, ${fmt(built.signals)} signals`,
  `built in ${built.seconds.toFixed(0)} s`,
)
const batch = await batchScore(built.path, size.accounts)
line(
  'batch: intent score --all',
  `${fmt(batch.perSecond)} accounts/s, peak RSS ${batch.rssMb === null ? 'n/a' : `${fmt(batch.rssMb)} MB`}`,
  '(target 20,000/s, 512 MB)',
)
const served = await serve(built.path)
line('start-up: until /healthz answers', `${fmt(served.startupMs)} ms`, '(target < 1,000)')
const hot = await accountPaths(served.base, 500, 'score')
const wide = await accountPaths(served.base, size.wide, 'domain')
// The batch above stored every score, so look-ups read them; one pass over the top accounts
// first puts their answers in the cache, as a morning of sellers' look-ups would.
await warm(served.base, hot)
const hello = await load(served.base, size.seconds, 50, ['/ping'])
const latency = (r: { p50: number; p99: number }) => `p50 ${r.p50} ms, p99 ${r.p99} ms`
line(
  'look-up baseline: GET /ping, 50 connections',
  `${fmt(hello.rps)} req/s, ${latency(hello)}`,
  '1.00',
)
for (const [label, paths] of [
  ['500 top-scored accounts', hot],
  [`${fmt(wide.length)} accounts by domain`, wide],
] as const) {
  const result = await load(served.base, size.seconds, 50, paths)
  line(
    `look-up: GET /v1/accounts/{domain}, ${label}`,
    `${fmt(result.rps)} req/s, ${latency(result)}`,
    `${(result.rps / hello.rps).toFixed(2)} of /ping (target 0.5, p99 10 ms)${result.errors + result.non2xx > 0 ? ` errors ${result.errors}, non-2xx ${result.non2xx}` : ''}`,
  )
}
const reference = await sameSizeReference(served.base, hot[0]!)
const same = await load(reference.base, size.seconds, 50, ['/reference'])
reference.stop()
line(
  `reference: bare Hono route, the same ${fmt(reference.bytes)}-byte answer`,
  `${fmt(same.rps)} req/s, ${latency(same)}`,
  `${(same.rps / hello.rps).toFixed(2)} of /ping (what the answer's size alone allows)`,
)
const mixed = await ingestWhile(served.base, load(served.base, size.seconds, 50, hot))
line('mixed: the top-scored look-ups while ingesting', `${fmt(mixed.rps)} req/s, ${latency(mixed)}`)
await served.stop()
// The book takes 1.5 GB on disk: leave nothing behind.
for (const path of [dir, dirname(built.path)]) rmSync(path, { recursive: true, force: true })

// 6. The sales pages on the 5,000-account demo book, each against its warm baseline.
if (!lookupOnly) await pageRows(line)
