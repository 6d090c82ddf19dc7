import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { importFile } from '../../src/jobs/import.ts'
import { buildTestApp, NOW, problemOf, type TestApp } from '../helpers/app.ts'

const DAY = 86_400_000
const TOPICS = 50_000
/** What one look-up, one stored score or one page of topics may weigh, whatever an account sends. */
const BOUND = 64 * 1024

/** `count` signals on one account, each on a topic of its own, spread over the last 20 days. */
async function explode(t: TestApp, domain: string, count: number, prefix = 'Topic') {
  const results = []
  for (let from = 0; from < count; from += 5000) {
    const signals = Array.from({ length: Math.min(5000, count - from) }, (_, i) => ({
      id: `${domain}-${prefix}-${from + i}`,
      type: 'content',
      account: domain,
      topic: `${prefix} ${from + i}`,
      occurredAt: new Date(Date.parse(NOW) - (1 + ((from + i) % 20)) * DAY).toISOString(),
    }))
    const response = await t.json('/v1/signals', 'POST', { signals })
    expect(response.status).toBe(200)
    results.push(
      (await response.json()) as {
        accepted: number
        warnings?: { code: string; account: string; signals: number; message: string }[]
      },
    )
  }
  return results
}

async function measure(t: TestApp, path: string) {
  const started = performance.now()
  const response = await t.call(path, { scope: 'read' })
  const body = await response.text()
  const ms = performance.now() - started
  expect(response.status).toBe(200)
  return { bytes: Buffer.byteLength(body), ms, body }
}

const report = (what: string, m: { bytes: number; ms: number }) =>
  console.log(`${what}: ${(m.bytes / 1024).toFixed(1)} KiB in ${m.ms.toFixed(0)} ms`)

describe('security: a topic explosion is bounded (finding 4)', () => {
  it('50,000 distinct topics stored (no ingest limit): look-up, stored score and /v1/topics stay small, the rest is paged', async () => {
    // A limit high enough to let every topic in: what an account already holding them looks like.
    const dir = mkdtempSync(join(tmpdir(), 'intent-topics-'))
    const scoring = join(dir, 'scoring.json')
    writeFileSync(scoring, JSON.stringify({ maxTopicsPerWindow: 1_000_000 }))
    const t = await buildTestApp({ SCORING_CONFIG: scoring })
    await explode(t, 'explode.com', TOPICS)

    const lookUp = await measure(t, '/v1/accounts/explode.com')
    report(`look-up of an account with ${TOPICS} topics`, lookUp)
    expect(lookUp.bytes).toBeLessThan(BOUND)
    const detail = AccountDetailSchema.parse(JSON.parse(lookUp.body))
    expect(detail.topics).toHaveLength(50)
    expect(detail.topicsTotal).toBe(TOPICS)
    expect(detail.topicsNextCursor).toEqual(expect.any(String))

    const asOf = await measure(
      t,
      `/v1/accounts/explode.com?asOf=${new Date(Date.parse(NOW) - DAY).toISOString()}`,
    )
    report('asOf look-up', asOf)
    expect(asOf.bytes).toBeLessThan(BOUND)

    const stored = await t.ctx.store.scores.current('explode.com')
    console.log(`stored score row: ${(stored!.score!.body.length / 1024).toFixed(1)} KiB`)
    expect(stored!.score!.body.length).toBeLessThan(BOUND)

    const topics = await measure(t, '/v1/topics')
    report('/v1/topics, first page', topics)
    expect(topics.bytes).toBeLessThan(BOUND)
    const page = JSON.parse(topics.body) as { data: unknown[]; nextCursor: string | null }
    expect(page.data).toHaveLength(50)
    expect(page.nextCursor).toEqual(expect.any(String))

    // The account's topics page on from where the look-up stopped, in the same order.
    const next = await measure(
      t,
      `/v1/accounts/explode.com/topics?limit=500&cursor=${detail.topicsNextCursor}`,
    )
    expect(next.bytes).toBeLessThan(2 * BOUND)
    const more = JSON.parse(next.body) as {
      total: number
      data: { topic: string }[]
      nextCursor: string
    }
    expect(more.total).toBe(TOPICS)
    expect(more.data).toHaveLength(500)
    const seen = new Set([...detail.topics, ...more.data].map((topic) => topic.topic))
    expect(seen.size).toBe(550)
  }, 300_000)

  it('with the default limit, topics beyond 1,000 per account in a 21-day window are stored topicless, with a warning', async () => {
    const t = await buildTestApp()
    const results = await explode(t, 'explode.com', TOPICS)
    expect(results.reduce((sum, result) => sum + result.accepted, 0)).toBe(TOPICS)
    const warned = results.flatMap((result) => result.warnings ?? [])
    expect(warned.every((w) => w.code === 'topics_capped' && w.account === 'explode.com')).toBe(
      true,
    )
    expect(warned.reduce((sum, warning) => sum + warning.signals, 0)).toBeGreaterThanOrEqual(
      TOPICS - 2 * 1000,
    )
    expect(warned[0]!.message).toMatch(/1000 distinct topics/)

    const lookUp = await measure(t, '/v1/accounts/explode.com')
    report('look-up with the topic limit', lookUp)
    expect(lookUp.bytes).toBeLessThan(BOUND)
    const detail = AccountDetailSchema.parse(JSON.parse(lookUp.body))
    expect(detail.stats.signals).toBe(TOPICS)
    expect(detail.topicsTotal).toBeLessThanOrEqual(2 * 1000)

    // A topic the account already has still counts; a new one is stored without it.
    const again = await t.json('/v1/signals', 'POST', {
      signals: [
        {
          type: 'content',
          account: 'explode.com',
          topic: 'Topic 0',
          occurredAt: new Date(Date.parse(NOW) - DAY).toISOString(),
        },
        {
          type: 'content',
          account: 'explode.com',
          topic: 'Brand New',
          occurredAt: new Date(Date.parse(NOW) - DAY).toISOString(),
        },
        {
          type: 'content',
          account: 'calm.com',
          topic: 'Brand New',
          occurredAt: new Date(Date.parse(NOW) - DAY).toISOString(),
        },
      ],
    })
    const body = (await again.json()) as { accepted: number; warnings: { signals: number }[] }
    expect(body).toMatchObject({ accepted: 3, warnings: [{ signals: 1 }] })
    const calm = (await (await t.call('/v1/accounts/calm.com', { scope: 'read' })).json()) as {
      topics: { topic: string }[]
    }
    expect(calm.topics.map((topic) => topic.topic)).toEqual(['Brand New'])
  }, 300_000)
})

describe('security: topic paging and the limit on every path (finding 4)', () => {
  const limited = async (max: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-topics-'))
    const scoring = join(dir, 'scoring.json')
    writeFileSync(scoring, JSON.stringify({ maxTopicsPerWindow: max }))
    return buildTestApp({ SCORING_CONFIG: scoring })
  }
  const at = (daysAgo: number) => new Date(Date.parse(NOW) - daysAgo * DAY).toISOString()

  it('GET /v1/topics pages through every topic once, as of the instant of its first page', async () => {
    const t = await buildTestApp()
    await explode(t, 'a.com', 120, 'A')
    await explode(t, 'b.com', 30, 'A')
    const seen: string[] = []
    let cursor: string | null = null
    let asOf: string | undefined
    do {
      const query: string = cursor === null ? '?limit=40' : `?limit=40&cursor=${cursor}`
      const page = JSON.parse((await measure(t, `/v1/topics${query}`)).body) as {
        asOf: string
        data: { topic: string; accounts: number }[]
        nextCursor: string | null
      }
      asOf ??= page.asOf
      expect(page.asOf).toBe(asOf)
      seen.push(...page.data.map((row) => row.topic))
      cursor = page.nextCursor
      t.clock.set(Date.parse(NOW) + 60_000) // later pages keep the first page's asOf
    } while (cursor !== null)
    expect(seen).toHaveLength(120)
    expect(new Set(seen).size).toBe(120)
    // The 30 topics both accounts have come first.
    expect(seen.slice(0, 30).every((topic) => Number(topic.split(' ')[1]) < 30)).toBe(true)
  })

  it('refuses asOf beside a cursor, and a cursor of another listing', async () => {
    const t = await buildTestApp()
    await explode(t, 'a.com', 60, 'A')
    const first = JSON.parse((await measure(t, '/v1/topics?limit=10')).body) as {
      nextCursor: string
    }
    const both = await t.call(`/v1/topics?cursor=${first.nextCursor}&asOf=${at(1)}`, {
      scope: 'read',
    })
    expect(both.status).toBe(400)
    const other = await t.call(`/v1/accounts/a.com/topics?cursor=${first.nextCursor}`, {
      scope: 'read',
    })
    expect(other.status).toBe(400)
    expect((await problemOf(other)).issues![0]!.path).toEqual(['cursor'])
  })

  it('signals sent before a person had an account meet the limit when they are linked to one', async () => {
    const t = await limited(3)
    const signals = Array.from({ length: 5 }, (_, i) => ({
      type: 'content',
      contact: 'jan@gmail.com',
      topic: `Orphan ${i}`,
      occurredAt: at(2),
    }))
    await t.json('/v1/signals', 'POST', { signals })
    await t.json('/v1/contacts/jan@gmail.com', 'PUT', { account: 'acme.com' })
    const detail = AccountDetailSchema.parse(
      await (await t.call('/v1/accounts/acme.com', { scope: 'read' })).json(),
    )
    expect(detail.stats.signals).toBe(5)
    expect(detail.topicsTotal).toBe(3)
  })

  it('a window is a fixed 21-day period: another one admits new topics again', async () => {
    const t = await limited(2)
    // 2026-11-25 is day 20,782 since the epoch; its window is days 20,769–20,789
    // (2026-11-12 to 2026-12-02), the one before ends on 2026-11-11.
    const send = (topic: string, occurredAt: string) =>
      t.json('/v1/signals', 'POST', {
        signals: [{ type: 'content', account: 'acme.com', topic, occurredAt }],
      })
    await send('One', '2026-11-21T10:00:00Z')
    await send('Two', '2026-11-22T10:00:00Z')
    expect(await (await send('Three', '2026-11-23T10:00:00Z')).json()).toMatchObject({
      warnings: [{ code: 'topics_capped', signals: 1 }],
    })
    expect(await (await send('One', '2026-11-24T10:00:00Z')).json()).toEqual({
      accepted: 1,
      duplicates: 0,
    })
    expect(await (await send('Three', '2026-11-11T10:00:00Z')).json()).toEqual({
      accepted: 1,
      duplicates: 0,
    })
  })

  it('Segment answers and intent import summaries carry the same warning', async () => {
    const t = await limited(1)
    const basic = `Basic ${Buffer.from(`${t.keys.write}:`).toString('base64')}`
    const track = (topic: string) => ({
      type: 'track',
      event: 'Whitepaper Downloaded',
      properties: { account: 'acme.com', topic },
      timestamp: at(1),
    })
    const response = await t.app.request('/v1/batch', {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ batch: [track('One'), track('Two'), track('Three')] }),
    })
    expect(await response.json()).toMatchObject({
      processed: 3,
      warnings: [{ code: 'topics_capped', account: 'acme.com', signals: 2 }],
    })
    const dir = mkdtempSync(join(tmpdir(), 'intent-topics-import-'))
    const file = join(dir, 'signals.ndjson')
    writeFileSync(
      file,
      ['Four', 'Five']
        .map((topic) =>
          JSON.stringify({ type: 'content', account: 'acme.com', topic, occurredAt: at(1) }),
        )
        .join('\n'),
    )
    const summary = await importFile(t.ctx, {
      entity: 'signals',
      file,
      format: 'ndjson',
      rejectsPath: join(dir, 'rejects'),
    })
    expect(summary).toMatchObject({ imported: 2, topicless: 2 })
  })
})
