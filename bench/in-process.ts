import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { createApp } from '../src/app.ts'
import { buildContext } from '../src/composition-root.ts'
import { loadConfig } from '../src/config.ts'
import { createLogger } from '../src/logger.ts'
import { buildLookupDatabase } from './build-db.ts'
import { benchDir } from './ingest.ts'
import { KEY } from './lookup.ts'

/**
 * `npx tsx bench/in-process.ts [rounds]`: what one request costs with no network, through
 * `app.request` on a scored book (run with `node --cpu-prof --import tsx` to see where it goes).
 * `[rounds] [label]` runs only the rows whose label contains `label`. Prints microseconds per request for /ping, a cached look-up and a request refused for its key.
 */
const rounds = Number(process.argv[2] ?? 20_000)
/** Only the rows whose label contains this (a profile of one kind of request). */
const only = process.argv[3] ?? ''
const built = buildLookupDatabase(benchDir(), 1_000, 50_000)
const config = {
  ...loadConfig({}),
  DB_PATH: built.path,
  ADMIN_API_KEY: KEY,
  LOG_LEVEL: 'warn' as const,
  RATE_LIMIT_PER_MINUTE: 0,
}
const ctx = buildContext(config, { logger: createLogger('warn') })
const app = createApp(ctx)
const auth = { headers: { authorization: `Bearer ${KEY}` } }
const page = (await (await app.request('/v1/accounts?limit=200', auth)).json()) as {
  data: { domain: string }[]
}
const paths = page.data.map((account) => `/v1/accounts/${account.domain}`)
for (const path of paths) await (await app.request(path, auth)).text()

async function perRequest(label: string, next: (i: number) => string, init: RequestInit) {
  if (!label.includes(only)) return
  for (let i = 0; i < rounds / 10; i++) await (await app.request(next(i), init)).arrayBuffer()
  const started = performance.now()
  const cpu = process.cpuUsage()
  for (let i = 0; i < rounds; i++) await (await app.request(next(i), init)).arrayBuffer()
  const us = ((performance.now() - started) * 1000) / rounds
  // CPU time is steadier than wall time on a machine shared with other work.
  const { user, system } = process.cpuUsage(cpu)
  const cpuUs = (user + system) / rounds
  console.log(`${label.padEnd(40)} ${us.toFixed(1)} µs/request, ${cpuUs.toFixed(1)} µs CPU`)
}

for (let pass = 0; pass < 2; pass++) {
  await perRequest('GET /ping', () => '/ping', {})
  await perRequest('GET /v1/accounts/{domain}, cached', (i) => paths[i % paths.length]!, auth)
  await perRequest('GET /v1/accounts/{domain}, no key', (i) => paths[i % paths.length]!, {})
}
await ctx.stop()
rmSync(dirname(built.path), { recursive: true, force: true })
