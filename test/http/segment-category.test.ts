import { describe, expect, it } from 'vitest'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { DEFAULT_TAXONOMY } from '../../src/taxonomy/default.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'

const HOUR = 3_600_000

/** Thirty forms and meetings from six people on one topic in the last day and a half. */
async function heatUp(t: TestApp, domain: string, topic: string) {
  const now = t.clock.now()
  const signals = Array.from({ length: 30 }, (_, i) => ({
    id: `${domain}-${topic}-${now}-${i}`,
    type: i % 2 ? 'meeting' : 'form',
    account: domain,
    contact: `p${i % 6}@${domain}`,
    topic,
    occurredAt: new Date(now - (i + 1) * HOUR).toISOString(),
  }))
  expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
}

async function settle(t: TestApp) {
  while ((await refreshDirtyScores(t.ctx, 200)) > 0) {}
}

async function members(t: TestApp, id: string): Promise<string[]> {
  const response = await t.call(`/v1/segments/${id}/accounts?limit=500`, { scope: 'read' })
  expect(response.status).toBe(200)
  const page = (await response.json()) as { items: { domain: string }[] }
  return page.items.map((item) => item.domain).sort()
}

async function leaderboard(t: TestApp, category: string): Promise<string[]> {
  const query = new URLSearchParams({ sort: 'score', label: 'hot', category, limit: '500' })
  const response = await t.call(`/v1/accounts?${query}`, { scope: 'read' })
  expect(response.status).toBe(200)
  const page = (await response.json()) as { data: { domain: string }[] }
  return page.data.map((row) => row.domain).sort()
}

async function segment(t: TestApp, category: string): Promise<string> {
  const created = await t.json('/v1/segments', 'POST', {
    name: category,
    filter: { label: 'hot', category },
  })
  expect(created.status).toBe(201)
  return ((await created.json()) as { id: string }).id
}

describe('the category filter', () => {
  it("holds the accounts surging on the category's topics, over the API and in segments, and follows a taxonomy change", async () => {
    const t = await buildTestApp()
    // Saved before any score: its members come from the score writes (the test in memory).
    const sales = await segment(t, 'sales')
    // ERP is a Manufacturing topic of the shipped taxonomy, CRM Software a Sales one.
    await heatUp(t, 'huta.pl', 'ERP')
    await heatUp(t, 'crm.pl', 'CRM Software')
    await heatUp(t, 'both.pl', 'ERP')
    await heatUp(t, 'both.pl', 'CRM Software')
    await settle(t)
    // Saved after: its members come from the leaderboard's SQL.
    const manufacturing = await segment(t, 'MANUFACTURING')

    expect(await leaderboard(t, 'Manufacturing')).toEqual(['both.pl', 'huta.pl'])
    expect(await leaderboard(t, 'sales')).toEqual(['both.pl', 'crm.pl'])
    expect(await leaderboard(t, 'Security')).toEqual([])
    expect(await members(t, manufacturing)).toEqual(['both.pl', 'huta.pl'])
    expect(await members(t, sales)).toEqual(['both.pl', 'crm.pl'])

    // ERP moves to Sales: the accounts with stored topics are rescored, and the
    // categories stored with their scores follow.
    const topics = DEFAULT_TAXONOMY.map((topic) =>
      topic.name === 'ERP' ? { ...topic, category: 'Sales' } : topic,
    )
    expect((await t.json('/v1/taxonomy', 'PUT', { topics }, 'admin')).status).toBe(200)
    await settle(t)
    expect(await leaderboard(t, 'Manufacturing')).toEqual([])
    expect(await leaderboard(t, 'Sales')).toEqual(['both.pl', 'crm.pl', 'huta.pl'])
    expect(await members(t, manufacturing)).toEqual([])
    expect(await members(t, sales)).toEqual(['both.pl', 'crm.pl', 'huta.pl'])
  })

  it('refuses an overlong category with a problem naming it', async () => {
    const t = await buildTestApp()
    const response = await t.call(`/v1/accounts?sort=score&category=${'x'.repeat(201)}`, {
      scope: 'read',
    })
    expect(response.status).toBe(400)
    expect(JSON.stringify(await response.json())).toContain('category')
    const created = await t.json('/v1/segments', 'POST', {
      name: 'x',
      filter: { category: 5 },
    })
    expect(created.status).toBe(400)
    expect(JSON.stringify(await created.json())).toContain('category')
  })
})
