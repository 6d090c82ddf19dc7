import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../src/app.ts'
import { fixedClock } from '../../src/clock.ts'
import { buildContext, type Runtime } from '../../src/composition-root.ts'
import type { Config } from '../../src/config.ts'
import { putAccounts } from '../../src/domain/accounts.ts'
import { createApiKey } from '../../src/domain/keys.ts'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { hubspotClient } from '../../src/integrations/hubspot-api.ts'
import { createHubSpotRound } from '../../src/jobs/hubspot-worker.ts'
import { createLogger } from '../../src/logger.ts'
import { NOW, noDns } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { hubspotStandIn } from '../helpers/hubspot-stand-in.ts'
import { localReceiver } from '../helpers/outbound.ts'
import { testDbPath } from '../helpers/stored.ts'

const TOKEN = 'pat-na1-00000000-test-token-0000'
const UPDATE = '/crm/v3/objects/companies/batch/update'
const SEARCH = '/crm/v3/objects/companies/search'

let standIn: Awaited<ReturnType<typeof hubspotStandIn>>
const runtimes: Runtime[] = []
const dirs: string[] = []
beforeEach(async () => {
  standIn = await hubspotStandIn(TOKEN)
})
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.stop()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  await standIn.close()
})

function service(
  overrides: Partial<Config> = {},
  options: { lines?: string[]; started?: boolean } = {},
) {
  const clock = fixedClock(NOW)
  const lines = options.lines
  const ctx = buildContext(
    testConfig({ HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_API_BASE: standIn.base, ...overrides }),
    {
      clock,
      logger: lines
        ? createLogger('info', { write: (line: string) => lines.push(line) })
        : createLogger('silent'),
      lookup: noDns,
      refresher: { intervalMs: 20 },
      hubspot: { intervalMs: 20 },
    },
  )
  runtimes.push(ctx)
  const round = () =>
    createHubSpotRound(
      ctx,
      hubspotClient({
        base: standIn.base,
        token: ctx.config.HUBSPOT_ACCESS_TOKEN!,
        now: clock.now,
      }),
      () => 0.5,
    )
  return { ctx, clock, round }
}

/** Six people of one account reading, searching, meeting and filling forms for days: hot. */
function hotSignals(now: number, domain = 'acme.com', topic = 'Data Warehouse') {
  const signals: Record<string, unknown>[] = []
  const at = (ms: number) => new Date(now - ms).toISOString()
  ;['anna', 'ben', 'cara', 'dan', 'eva', 'finn'].forEach((person, i) => {
    const contact = `${person}@${domain}`
    for (let day = 0; day < 5; day++) {
      signals.push({
        type: 'content',
        contact,
        topic,
        occurredAt: at(day * 86_400_000 + i * 3_600_000),
      })
      signals.push({
        type: 'search',
        contact,
        topic,
        occurredAt: at(day * 86_400_000 + i * 3_600_000 + 600_000),
      })
    }
    signals.push({ type: 'meeting', contact, occurredAt: at(86_400_000) })
    signals.push({ type: 'form', contact, occurredAt: at(2 * 86_400_000) })
  })
  return signals
}

/** Signals that make the account hot, or, with another topic, change what it surges on. */
async function turnHot(ctx: Runtime, topic = 'Data Warehouse', domain = 'acme.com') {
  const { ingestSignals } = await import('../../src/domain/signals.ts')
  const { createIngestSchemas } = await import('../../src/ingest/schemas.ts')
  const schemas = createIngestSchemas(ctx.clock)
  const batch = schemas.signalBatch.parse({ signals: hotSignals(ctx.clock.now(), domain, topic) })
  await ingestSignals(ctx, batch.signals)
  await refreshDirtyScores(ctx, 200)
}

describe('HubSpot write-back', () => {
  it('updates the company of an account that turns hot, by itself, with the bearer token', async () => {
    const id = standIn.addCompany('acme.com')
    const { ctx } = service()
    const app = createApp(ctx)
    const key = (await createApiKey(ctx, { scope: 'write' })).secret
    ctx.start()
    const response = await app.request('/v1/signals', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signals: hotSignals(ctx.clock.now()) }),
    })
    expect(response.status).toBe(200)
    // The refresher rescores it and the worker sends it, each on its own timer (2 s and 5 s by
    // default, 20 ms here): no step waits for anything else.
    await vi.waitFor(() => expect(standIn.companies.get(id)!.properties.intent_label).toBe('hot'), {
      timeout: 10_000,
      interval: 20,
    })
    const stored = await ctx.store.scores.summary(1)
    expect(standIn.companies.get(id)!.properties).toEqual({
      intent_score: String(stored!.score),
      intent_label: 'hot',
      intent_stage: stored!.stage,
      intent_surging_topics: 'Data Warehouse',
      intent_updated_at: NOW,
    })
    expect(standIn.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true)
    await vi.waitFor(async () => expect(await ctx.store.hubspot.pendingCount()).toBe(0))
  })

  it('creates the group and the properties once, finds the company once, and sends only changes', async () => {
    const id = standIn.addCompany('acme.com')
    const first = service()
    await first.ctx.store.accounts.upsert('acme.com', { name: 'Acme' }, first.clock.now())
    await refreshDirtyScores(first.ctx, 200)
    const round = first.round()
    expect(await round()).toBe(1)
    expect(standIn.companies.get(id)!.properties.intent_label).toBe('cold')
    await turnHot(first.ctx)
    // Rescoring what did not change queues nothing.
    await first.ctx.store.accounts.upsert('acme.com', { name: 'Acme' }, first.clock.now())
    await refreshDirtyScores(first.ctx, 200)
    expect(await first.ctx.store.hubspot.pendingCount()).toBe(1)
    expect(await round()).toBe(1)
    expect(standIn.companies.get(id)!.properties.intent_label).toBe('hot')
    expect(await round()).toBe(0)

    expect(standIn.calls('/crm/v3/properties/companies/groups')).toHaveLength(1)
    expect(standIn.calls('/crm/v3/properties/companies/batch/create')).toHaveLength(1)
    expect([...standIn.properties.keys()].sort()).toEqual([
      'intent_label',
      'intent_score',
      'intent_stage',
      'intent_surging_topics',
      'intent_updated_at',
    ])
    expect(standIn.properties.get('intent_updated_at')).toMatchObject({
      type: 'datetime',
      groupName: 'intent',
    })
    expect(standIn.calls(SEARCH)).toHaveLength(1)
    expect(standIn.calls(UPDATE)).toHaveLength(2)

    // Another process finds them there and creates nothing.
    const second = service()
    await second.ctx.store.accounts.upsert('globex.de', {}, second.clock.now())
    await refreshDirtyScores(second.ctx, 200)
    await second.round()()
    expect(standIn.calls('/crm/v3/properties/companies/batch/create')).toHaveLength(1)
    expect(standIn.calls('/crm/v3/properties/companies/groups')).toHaveLength(1)
  })

  it('loses nothing across a restart between the stored score and its delivery', async () => {
    const id = standIn.addCompany('acme.com')
    const path = testDbPath('hubspot-restart')
    dirs.push(dirname(path))
    const before = service({ DB_PATH: path })
    await turnHot(before.ctx)
    expect(await before.ctx.store.hubspot.pendingCount()).toBe(1)
    await before.ctx.stop()
    expect(standIn.calls(UPDATE)).toHaveLength(0)

    const after = service({ DB_PATH: path })
    expect(await after.round()()).toBe(1)
    expect(standIn.companies.get(id)!.properties.intent_label).toBe('hot')
    expect(await after.ctx.store.hubspot.pendingCount()).toBe(0)
  })

  it('waits for Retry-After on a 429, then sends', async () => {
    const id = standIn.addCompany('acme.com')
    const { ctx, clock, round } = service()
    await turnHot(ctx)
    const send = round()
    standIn.failNext(UPDATE, 429, { 'retry-after': '10' })
    await send()
    expect(standIn.calls(UPDATE)).toHaveLength(1)
    expect(standIn.companies.get(id)!.properties.intent_label).toBeUndefined()

    clock.set(Date.parse(NOW) + 9_000)
    expect(await send()).toBe(0)
    expect(standIn.calls(UPDATE)).toHaveLength(1)

    clock.set(Date.parse(NOW) + 10_000)
    expect(await send()).toBe(1)
    expect(standIn.calls(UPDATE)).toHaveLength(2)
    expect(standIn.companies.get(id)!.properties.intent_label).toBe('hot')
  })

  it('backs off after a 5xx, and sends later', async () => {
    const id = standIn.addCompany('acme.com')
    const { ctx, clock, round } = service()
    await turnHot(ctx)
    const send = round()
    standIn.failNext(UPDATE, 503)
    await send()
    clock.set(Date.parse(NOW) + 1_000)
    expect(await send()).toBe(0)
    clock.set(Date.parse(NOW) + 60_000)
    expect(await send()).toBe(1)
    expect(standIn.companies.get(id)!.properties.intent_label).toBe('hot')
  })

  it('logs a refused token once, never the token, and keeps the write-backs', async () => {
    const lines: string[] = []
    const { ctx, clock, round } = service(
      { HUBSPOT_ACCESS_TOKEN: 'pat-na1-wrong-token-0000000' },
      { lines },
    )
    await turnHot(ctx)
    const send = round()
    await send()
    clock.set(Date.parse(NOW) + 6 * 60_000)
    await send()
    clock.set(Date.parse(NOW) + 12 * 60_000)
    await send()
    expect(standIn.requests.length).toBeGreaterThanOrEqual(3)
    const refusals = lines.filter((line) => line.includes('HubSpot refused HUBSPOT_ACCESS_TOKEN'))
    expect(refusals).toHaveLength(1)
    expect(lines.join('\n')).not.toContain('wrong-token')
    expect(await ctx.store.hubspot.pendingCount()).toBe(1)
  })

  it('remembers a domain HubSpot has no company for, and looks again a day later', async () => {
    const { ctx, clock, round } = service()
    await turnHot(ctx)
    const send = round()
    expect(await send()).toBe(1)
    expect(standIn.calls(SEARCH)).toHaveLength(1)
    expect(await ctx.store.hubspot.pendingCount()).toBe(0)

    // A change the same day: no search, nothing to update.
    clock.set(Date.parse(NOW) + 3_600_000)
    await turnHot(ctx, 'ERP')
    expect(await ctx.store.hubspot.pendingCount()).toBe(1)
    await send()
    expect(standIn.calls(SEARCH)).toHaveLength(1)
    expect(await ctx.store.hubspot.pendingCount()).toBe(0)

    // The company appears; the first change a day later finds and updates it.
    const id = standIn.addCompany('acme.com')
    clock.set(Date.parse(NOW) + 25 * 3_600_000)
    await turnHot(ctx, 'CRM')
    expect(await ctx.store.hubspot.pendingCount()).toBe(1)
    await send()
    expect(standIn.calls(SEARCH)).toHaveLength(2)
    expect(standIn.companies.get(id)!.properties.intent_updated_at).toBe(
      new Date(clock.now()).toISOString(),
    )
  })

  it('searches again for a company HubSpot deleted, and updates the one found then', async () => {
    const old = standIn.addCompany('acme.com')
    const { ctx, clock, round } = service()
    await turnHot(ctx)
    const send = round()
    await send()
    standIn.companies.delete(old)
    const replacement = standIn.addCompany('acme.com')
    clock.set(Date.parse(NOW) + 3_600_000)
    await turnHot(ctx, 'ERP')
    // The update names the deleted company: HubSpot's 207 says so, and it is forgotten.
    await send()
    expect(standIn.companies.get(replacement)!.properties.intent_label).toBeUndefined()
    await send()
    expect(standIn.companies.get(replacement)!.properties.intent_label).toBe('hot')
    expect(await ctx.store.hubspot.pendingCount()).toBe(0)
  })

  it('never follows a redirect with the token', async () => {
    const elsewhere = await localReceiver((_request, response) => response.writeHead(200).end('{}'))
    try {
      standIn.addCompany('acme.com')
      const { ctx, round } = service()
      await turnHot(ctx)
      standIn.failNext(UPDATE, 307, { location: elsewhere.url(UPDATE) })
      await round()()
      expect(standIn.calls(UPDATE)).toHaveLength(1)
      expect(elsewhere.received).toEqual([])
      expect(await ctx.store.hubspot.pendingCount()).toBe(1)
    } finally {
      await elsewhere.close()
    }
  })

  it('updates at most 100 companies per call', async () => {
    const { ctx, round } = service()
    const ids = Array.from({ length: 150 }, (_, i) => standIn.addCompany(`account-${i}.com`))
    await putAccounts(
      ctx,
      ids.map((_, i) => ({ domain: `account-${i}.com` })),
    )
    await refreshDirtyScores(ctx, 200)
    expect(await ctx.store.hubspot.pendingCount()).toBe(150)
    const send = round()
    expect(await send()).toBe(100)
    expect(await send()).toBe(50)
    expect(
      standIn.calls(UPDATE).map((call) => (call.body as { inputs: unknown[] }).inputs.length),
    ).toEqual([100, 50])
    expect(ids.every((id) => standIn.companies.get(id)!.properties.intent_label === 'cold')).toBe(
      true,
    )
  })

  it('does nothing without HUBSPOT_ACCESS_TOKEN: no rows queued', async () => {
    const { ctx } = service({ HUBSPOT_ACCESS_TOKEN: undefined })
    await turnHot(ctx)
    expect(await ctx.store.hubspot.pendingCount()).toBe(0)
  })
})
