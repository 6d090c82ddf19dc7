import { z } from 'zod'
import { createApp } from '../src/app.ts'
import { buildContext } from '../src/composition-root.ts'
import { loadConfig } from '../src/config.ts'
import { fastParseOf } from '../src/ingest/fast-parse.ts'
import { safeShape } from '../src/ingest/json-shape.ts'
import { createIngestSchemas } from '../src/ingest/schemas.ts'
import { createLogger } from '../src/logger.ts'
import { benchSignals } from './ingest.ts'

type Line = (label: string, value: string, ratio?: string) => void

const KEY = 'bench-admin-key-0123456789abcdef'
const BATCH = 1000
const ROUNDS = 30

/** CPU microseconds per signal of `work` on a batch, after a warm-up; CPU time is steadier than wall time here. */
function cpuPerSignal(work: () => unknown, signals: number, rounds = ROUNDS): number {
  for (let i = 0; i < rounds / 3; i++) work()
  const cpu = process.cpuUsage()
  for (let i = 0; i < rounds; i++) work()
  const { user, system } = process.cpuUsage(cpu)
  return (user + system) / rounds / signals
}

/** `POST /v1/signals` through `app.request` on an in-memory database: CPU per signal, no network. */
async function appPerSignal(batches: string[]): Promise<number> {
  const config = {
    ...loadConfig({}),
    DB_PATH: ':memory:',
    ADMIN_API_KEY: KEY,
    LOG_LEVEL: 'warn' as const,
    RATE_LIMIT_PER_MINUTE: 0,
  }
  const ctx = buildContext(config, { logger: createLogger('warn') })
  const app = createApp(ctx)
  const init = (body: string) => ({
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body,
  })
  const post = async (body: string) => {
    const response = await app.request('/v1/signals', init(body))
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}`)
    await response.arrayBuffer()
  }
  const warm = Math.floor(batches.length / 4)
  for (const body of batches.slice(0, warm)) await post(body)
  const cpu = process.cpuUsage()
  for (const body of batches.slice(warm)) await post(body)
  const { user, system } = process.cpuUsage(cpu)
  await ctx.stop()
  return (user + system) / ((batches.length - warm) * BATCH)
}

/**
 * `npm run bench -- --validate`: a 1,000-signal batch of the ingest bench's signals validated
 * by zod alone (`z.safeParse`, which the fast path does not intercept) and by the fast path,
 * on the item schema's batch and on the route's body schema (the shape walk, then the batch);
 * then the whole request through the app. Each row twice, as the machine is shared.
 */
export async function validateRows(line: Line): Promise<void> {
  const clock = { now: () => Date.UTC(2026, 10, 30) }
  const schemas = createIngestSchemas(clock)
  const body = { signals: benchSignals(BATCH, BATCH / 50) }
  for (const [label, schema] of [
    ['batch', schemas.signalBatch],
    ['route body (shape walk + batch)', safeShape(schemas.signalBatch)],
  ] as const) {
    const fast = fastParseOf(schema)!
    for (let pass = 0; pass < 2; pass++) {
      const zod = cpuPerSignal(() => z.safeParse(schema, body), BATCH)
      const fastUs = cpuPerSignal(() => fast(body), BATCH)
      line(`validate baseline: zod, ${label} ×${BATCH}`, `${zod.toFixed(2)} µs CPU/signal`, '1.00')
      line(
        `validate: fast path, ${label} ×${BATCH}`,
        `${fastUs.toFixed(2)} µs CPU/signal`,
        `${(fastUs / zod).toFixed(2)} of zod`,
      )
    }
  }
  const all = benchSignals(40 * BATCH, (40 * BATCH) / 50)
  const batches: string[] = []
  for (let i = 0; i < all.length; i += BATCH)
    batches.push(JSON.stringify({ signals: all.slice(i, i + BATCH) }))
  for (let pass = 0; pass < 2; pass++) {
    const us = await appPerSignal(batches)
    line(`validate: POST /v1/signals ×${BATCH} in-process`, `${us.toFixed(1)} µs CPU/signal`)
  }
}
