import { cpus, totalmem } from 'node:os'
import { benchDir, benchSignals, httpIngestRate, rawInsertRate } from './ingest.ts'
import { accountPaths, batchScore, buildDatabase, ingestWhile, load, serve } from './lookup.ts'

/**
 * `npm run bench [-- --quick]`: every figure is printed with its ratio to a baseline measured
 * in the same run, because these machines are shared and noisy.
 */
const quick = process.argv.includes('--quick')
const count = quick ? 50_000 : 300_000
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
)
console.log(
  `data: ${fmt(count)} signals over ${fmt(count / 50)} accounts${quick ? ' (quick)' : ''}`,
)

const signals = benchSignals(count, count / 50)
const dir = benchDir()
const raw = rawInsertRate(signals, dir)
console.log(
  `ingest baseline  raw better-sqlite3 inserts      ${fmt(raw).padStart(9)} signals/s   1.00`,
)
for (const [name, ndjson] of [
  ['json', false],
  ['ndjson', true],
] as const) {
  const rate = await httpIngestRate(signals, dir, { batch: 1000, clients: 4, ndjson, name })
  console.log(
    `ingest ${name.padEnd(6)}    POST /v1/signals ×1000, 4 clients ${fmt(rate).padStart(9)} signals/s   ${(rate / raw).toFixed(2)} of raw`,
  )
}

// Look-ups, mixed load, batch scoring and start-up, on a scored demo database.
const accounts = quick ? 300 : 2000
const seconds = quick ? 5 : 15
const lookupDir = benchDir()
const dbPath = await buildDatabase(lookupDir, accounts)
console.log(
  `look-up data: ${fmt(accounts)} demo accounts with a year of activity (the issue asks 100,000 and 5,000,000 signals: not built yet)`,
)
const batch = await batchScore(dbPath, accounts)
console.log(
  `batch     intent score --all                  ${fmt(batch.perSecond).padStart(9)} accounts/s  peak RSS ${batch.rssMb === null ? 'n/a' : `${Math.round(batch.rssMb)} MB`} (target 20,000/s, 512 MB)`,
)
const served = await serve(dbPath)
console.log(
  `start-up  until /healthz answers              ${fmt(served.startupMs).padStart(9)} ms (target < 1,000)`,
)
const paths = await accountPaths(served.base)
const hello = await load(served.base, seconds, 50, ['/ping'])
console.log(
  `look-up baseline GET /ping, 50 connections    ${fmt(hello.rps).padStart(9)} req/s   p50 ${hello.p50} ms  p99 ${hello.p99} ms   1.00`,
)
const lookup = await load(served.base, seconds, 50, paths)
console.log(
  `look-up   GET /v1/accounts/{domain}           ${fmt(lookup.rps).padStart(9)} req/s   p50 ${lookup.p50} ms  p99 ${lookup.p99} ms   ${(lookup.rps / hello.rps).toFixed(2)} of hello (errors ${lookup.errors}, non-2xx ${lookup.non2xx})`,
)
const mixed = await ingestWhile(served.base, load(served.base, seconds, 50, paths))
console.log(
  `mixed     look-ups while ingesting            ${fmt(mixed.rps).padStart(9)} req/s   p50 ${mixed.p50} ms  p99 ${mixed.p99} ms`,
)
await served.stop()
