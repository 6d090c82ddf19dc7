import { beforeAll, describe, expect, it } from 'vitest'
import { defaultFixtureOptions } from '../../src/demo/generate.ts'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

const AS_OF = Date.parse(defaultFixtureOptions.asOf)
let t: TestApp

interface Page {
  data: {
    domain: string
    inMarket?: { score: number; label: string; stage: string; surgingTopics: string[] }
  }[]
  nextCursor: string | null
}

beforeAll(async () => {
  t = await buildTestApp()
  t.clock.set(AS_OF + 2 * 3_600_000)
  await loadFixtures(t.ctx, { accounts: 80 })
  expect(await refreshDirtyScores(t.ctx, 1000)).toBe(80)
  expect(await refreshDirtyScores(t.ctx, 1000)).toBe(0)
}, 120_000)

const page = async (query: string) => {
  const response = await t.call(`/v1/accounts${query}`, { scope: 'read' })
  expect(response.status).toBe(200)
  return (await response.json()) as Page
}

describe('stored scores', () => {
  it('a look-up reads the stored score and says when it was computed', async () => {
    const domain = (await page('?sort=score&limit=1')).data[0]!.domain
    const first = AccountDetailSchema.parse(
      await (await t.call(`/v1/accounts/${domain}`, { scope: 'read' })).json(),
    )
    t.clock.set(AS_OF + 2 * 3_600_000 + 60_000)
    const again = AccountDetailSchema.parse(
      await (await t.call(`/v1/accounts/${domain}`, { scope: 'read' })).json(),
    )
    expect(again.computedAt).toBe(first.computedAt)
    expect(again.inMarket).toEqual(first.inMarket)
  })

  it('new signals mark the account dirty, and the next look-up is computed afresh', async () => {
    const domain = (await page('?sort=score&limit=80')).data.at(-1)!.domain
    const before = AccountDetailSchema.parse(
      await (await t.call(`/v1/accounts/${domain}`, { scope: 'read' })).json(),
    )
    t.clock.set(AS_OF + 3 * 3_600_000)
    const signals = Array.from({ length: 12 }, (_, i) => ({
      type: 'meeting',
      account: domain,
      contact: `buyer${i}@${domain}`,
      topic: 'Quantum Procurement',
      occurredAt: new Date(AS_OF - (i + 1) * 3_600_000).toISOString(),
    }))
    expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
    const after = AccountDetailSchema.parse(
      await (await t.call(`/v1/accounts/${domain}`, { scope: 'read' })).json(),
    )
    expect(after.computedAt).not.toBe(before.computedAt)
    expect(after.topics.map((topic) => topic.topic)).toContain('Quantum Procurement')
    expect(after.inMarket.score).toBeGreaterThanOrEqual(before.inMarket.score)
  })
})

describe('leaderboard', () => {
  it('lists scored accounts by score, highest first, paging with the cursor', async () => {
    const all: Page['data'] = []
    let cursor: string | null = null
    do {
      const next: Page = await page(`?sort=score&limit=25${cursor ? `&cursor=${cursor}` : ''}`)
      all.push(...next.data)
      cursor = next.nextCursor
    } while (cursor !== null)
    expect(all).toHaveLength(80)
    expect(new Set(all.map((row) => row.domain)).size).toBe(80)
    const scores = all.map((row) => row.inMarket!.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })

  it('filters by label, stage, minimum score, country and surging topic', async () => {
    const hot = await page('?sort=score&label=hot&limit=500')
    expect(hot.data.every((row) => row.inMarket!.label === 'hot')).toBe(true)
    const high = await page('?sort=score&minScore=40&limit=500')
    expect(high.data.every((row) => row.inMarket!.score >= 40)).toBe(true)
    const stage = await page('?sort=score&stage=consideration&limit=500')
    expect(stage.data.every((row) => row.inMarket!.stage === 'consideration')).toBe(true)
    const withTopic = (await page('?sort=score&limit=500')).data.find(
      (row) => row.inMarket!.surgingTopics.length > 0,
    )
    expect(withTopic).toBeDefined()
    const topic = withTopic!.inMarket!.surgingTopics[0]!
    const onTopic = await page(
      `?sort=score&topic=${encodeURIComponent(topic.toUpperCase())}&limit=500`,
    )
    expect(onTopic.data.map((row) => row.domain)).toContain(withTopic!.domain)
    expect(
      onTopic.data.every((row) =>
        row.inMarket!.surgingTopics.some((s) => s.toLowerCase() === topic.toLowerCase()),
      ),
    ).toBe(true)
    const pl = await page('?sort=score&country=pl&limit=500')
    expect(pl.data.every((row) => (row as unknown as { country: string }).country === 'PL')).toBe(
      true,
    )
  })

  it('refuses score filters without sort=score', async () => {
    const response = await t.call('/v1/accounts?label=hot', { scope: 'read' })
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues).toEqual([
      expect.objectContaining({ in: 'query', path: ['label'] }),
    ])
  })
})

describe('history', () => {
  it('gives one point a day with the model of each, reaching back before the first score', async () => {
    const domain = (await page('?sort=score&limit=1')).data[0]!.domain
    const response = await t.call(`/v1/accounts/${domain}/history?from=2026-10-01&to=2026-10-31`, {
      scope: 'read',
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      data: { day: string; score: number; model: string }[]
    }
    expect(body.data).toHaveLength(31)
    expect(body.data[0]!.day).toBe('2026-10-01')
    expect(body.data.at(-1)!.day).toBe('2026-10-31')
    for (const point of body.data) {
      expect(point.score).toBeGreaterThanOrEqual(0)
      expect(point.model).toMatch(/.+/)
    }
    const again = (await (
      await t.call(`/v1/accounts/${domain}/history?from=2026-10-01&to=2026-10-31`, {
        scope: 'read',
      })
    ).json()) as typeof body
    expect(again).toEqual(body)
  })

  it('refuses a backwards or too long range', async () => {
    const domain = (await page('?sort=score&limit=1')).data[0]!.domain
    expect(
      (
        await t.call(`/v1/accounts/${domain}/history?from=2026-10-10&to=2026-10-01`, {
          scope: 'read',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await t.call(`/v1/accounts/${domain}/history?from=2024-01-01&to=2026-10-01`, {
          scope: 'read',
        })
      ).status,
    ).toBe(400)
    expect(
      (await t.call(`/v1/accounts/${domain}/history?from=yesterday`, { scope: 'read' })).status,
    ).toBe(400)
  })
})
