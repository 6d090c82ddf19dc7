import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../src/app.ts'
import { buildContext, type Runtime } from '../src/composition-root.ts'
import { loadConfig } from '../src/config.ts'
import { createApiKey } from '../src/domain/keys.ts'
import { refreshDirtyScores } from '../src/domain/score-refresh.ts'
import { createLogger } from '../src/logger.ts'
import { benchDir } from './ingest.ts'

type Line = (label: string, value: string, ratio?: string) => void

const ROUNDS = 5
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

async function service(dir: string, name: string, hubspot: boolean) {
  const ctx: Runtime = buildContext(
    {
      ...loadConfig({}),
      DB_PATH: join(dir, `${name}.db`),
      LOG_LEVEL: 'silent',
      MODELS_DIR: join(dir, 'models'),
      RATE_LIMIT_PER_MINUTE: 0,
      ...(hubspot && { HUBSPOT_ACCESS_TOKEN: 'pat-bench-0000000000000000' }),
    },
    { logger: createLogger('silent') },
  )
  const key = (await createApiKey(ctx, { scope: 'write' })).secret
  const app = createApp(ctx)
  const send = (path: string, method: string, body: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  return { ctx, send }
}

const accountsOf = (round: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    domain: `bench-${round}-${i}.com`,
    name: `Account ${i}`,
    employees: i,
    country: 'PL',
    technologies: ['SAP'],
  }))

/** Seconds for 1,000 accounts: one PUT each, or one batch. */
async function accountUpserts(dir: string, round: number) {
  const { ctx, send } = await service(dir, `upserts-${round}`, false)
  const one = accountsOf(round * 2, 1000)
  let started = performance.now()
  for (const { domain, ...body } of one) {
    const response = await send(`/v1/accounts/${domain}`, 'PUT', body)
    if (response.status !== 201) throw new Error(`PUT answered ${response.status}`)
  }
  const puts = (performance.now() - started) / 1000
  started = performance.now()
  const response = await send('/v1/accounts/batch', 'POST', {
    accounts: accountsOf(round * 2 + 1, 1000),
  })
  if (response.status !== 200) throw new Error(`batch answered ${response.status}`)
  const batch = (performance.now() - started) / 1000
  await ctx.stop()
  return { puts, batch }
}

/** Accounts scored a second by the refresher, with and without HubSpot write-back queued. */
async function scoring(dir: string, round: number, hubspot: boolean, accounts: number) {
  const { ctx, send } = await service(dir, `score-${round}-${hubspot}`, hubspot)
  const now = ctx.clock.now()
  for (let from = 0; from < accounts; from += 1000) {
    const signals = []
    for (let i = from; i < Math.min(accounts, from + 1000); i++)
      for (let s = 0; s < 4; s++)
        signals.push({
          type: 'content',
          contact: `p${s}@bench-${i}.com`,
          topic: ['ERP', 'CRM', 'Data Warehouse'][(i + s) % 3],
          occurredAt: new Date(now - (s + 1) * 86_400_000).toISOString(),
        })
    const response = await send('/v1/signals', 'POST', { signals })
    if (response.status !== 200) throw new Error(`signals answered ${response.status}`)
  }
  const started = performance.now()
  while ((await refreshDirtyScores(ctx, 200)) > 0) {}
  const seconds = (performance.now() - started) / 1000
  const queued = await ctx.store.hubspot.pendingCount()
  await ctx.stop()
  return { rate: accounts / seconds, queued }
}

/** `npm run bench -- --upserts`: bulk upserts against one PUT each, and what write-back costs scoring. */
export async function upsertRows(line: Line): Promise<void> {
  const dir = benchDir()
  try {
    const runs = []
    for (let round = 0; round < ROUNDS; round++) runs.push(await accountUpserts(dir, round))
    const puts = runs.map((r) => 1000 / r.puts)
    const batch = runs.map((r) => 1000 / r.batch)
    const range = (values: number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`
    line(
      'upserts baseline: 1,000 × PUT /v1/accounts/{domain}',
      `${fmt(median(puts))} accounts/s (${range(puts)})`,
      '1.00',
    )
    line(
      'upserts: POST /v1/accounts/batch, 1,000 in one request',
      `${fmt(median(batch))} accounts/s (${range(batch)})`,
      `${(median(batch) / median(puts)).toFixed(2)} of PUTs`,
    )
    const off: number[] = []
    const on: number[] = []
    let queued = 0
    for (let round = 0; round < ROUNDS; round++) {
      off.push((await scoring(dir, round, false, 2000)).rate)
      const result = await scoring(dir, round, true, 2000)
      on.push(result.rate)
      queued = result.queued
    }
    line(
      'scoring baseline: refresher, 2,000 accounts, no HubSpot',
      `${fmt(median(off))} accounts/s (${range(off)})`,
      '1.00',
    )
    line(
      `scoring: the same with HUBSPOT_ACCESS_TOKEN (${fmt(queued)} queued)`,
      `${fmt(median(on))} accounts/s (${range(on)})`,
      `${(median(on) / median(off)).toFixed(2)} of without`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
