import { cpus, totalmem } from 'node:os'
import { benchDir, benchSignals, httpIngestRate, rawInsertRate } from './ingest.ts'

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
