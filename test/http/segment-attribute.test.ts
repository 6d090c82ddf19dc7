import { describe, expect, it } from 'vitest'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

const HOUR = 3_600_000

async function signal(t: TestApp, domain: string) {
  const occurredAt = new Date(t.clock.now() - HOUR).toISOString()
  const signals = [{ id: `${domain}-1`, type: 'form', account: domain, topic: 'ERP', occurredAt }]
  expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
}

async function members(t: TestApp, id: string): Promise<string[]> {
  const response = await t.call(`/v1/segments/${id}/accounts?limit=500`, { scope: 'read' })
  const page = (await response.json()) as { items: { domain: string }[] }
  return page.items.map((item) => item.domain).sort()
}

async function leaderboard(t: TestApp, attribute: string): Promise<string[]> {
  const query = new URLSearchParams({ sort: 'score', attribute, limit: '500' })
  const response = await t.call(`/v1/accounts?${query}`, { scope: 'read' })
  expect(response.status).toBe(200)
  const page = (await response.json()) as { data: { domain: string }[] }
  return page.data.map((row) => row.domain).sort()
}

describe('the attribute filter', () => {
  it('holds the accounts whose attribute equals the value, as text, and follows an upsert at once', async () => {
    const t = await buildTestApp()
    const accounts = {
      'gold.pl': { tier: 'Gold', crm: { tier: 'gold' } },
      'gold.de': { tier: 'GOLD' },
      'two.pl': { tier: 2 },
      'silver.pl': { tier: 'silver' },
      'none.pl': {},
    }
    for (const [domain, attributes] of Object.entries(accounts)) {
      expect((await t.json(`/v1/accounts/${domain}`, 'PUT', { attributes })).status).toBe(201)
      await signal(t, domain)
    }
    while ((await refreshDirtyScores(t.ctx, 200)) > 0) {}

    expect(await leaderboard(t, 'tier:gold')).toEqual(['gold.de', 'gold.pl'])
    expect(await leaderboard(t, 'tier:2')).toEqual(['two.pl'])
    const created = await t.json('/v1/segments', 'POST', {
      name: 'Gold tier',
      filter: { attribute: { name: 'tier', value: 'gold' } },
    })
    expect(created.status).toBe(201)
    const body = (await created.json()) as { id: string; filter: unknown }
    expect(body.filter).toEqual({ attribute: { name: 'tier', value: 'gold' } })
    expect(await members(t, body.id)).toEqual(['gold.de', 'gold.pl'])

    // A CRM sync changing the tier moves the account at once, against its stored score.
    await t.json('/v1/accounts/silver.pl', 'PUT', { attributes: { tier: 'gold' } })
    await t.json('/v1/accounts/gold.de', 'PUT', { attributes: { tier: 'platinum' } })
    expect(await members(t, body.id)).toEqual(['gold.pl', 'silver.pl'])
    expect(await leaderboard(t, 'tier:gold')).toEqual(['gold.pl', 'silver.pl'])
  })

  it('refuses a malformed attribute in the query and in a segment, naming the field', async () => {
    const t = await buildTestApp()
    for (const attribute of ['tier', ':gold', `${'x'.repeat(101)}:gold`]) {
      const query = new URLSearchParams({ sort: 'score', attribute })
      const response = await t.call(`/v1/accounts?${query}`, { scope: 'read' })
      expect(response.status).toBe(400)
      expect(JSON.stringify(await problemOf(response))).toContain('attribute')
    }
    for (const attribute of [
      'tier:gold',
      { name: 'tier' },
      { name: '', value: 'x' },
      { name: 'tier', value: 'gold', op: 'eq' },
    ]) {
      const response = await t.json('/v1/segments', 'POST', { name: 'x', filter: { attribute } })
      expect(response.status).toBe(400)
      expect(JSON.stringify(await problemOf(response))).toContain('/filter/attribute')
    }
  })
})
