import { beforeEach, describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../presenters.ts'
import { buildTestApp, NOW, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('GET /v1/accounts/{domain}', () => {
  it('returns firmographics and activity counts', async () => {
    await t.json('/v1/accounts/acme.com', 'PUT', { name: 'Acme' })
    await t.json('/v1/signals', 'POST', {
      signals: [
        {
          type: 'content',
          account: 'acme.com',
          contact: 'jan@acme.com',
          topic: 'CRM',
          occurredAt: '2026-11-20T10:00:00Z',
        },
        { type: 'web_visit', account: 'acme.com', occurredAt: '2026-11-21T10:00:00Z' },
      ],
    })
    const response = await t.call('/v1/accounts/ACME.com', { scope: 'read' })
    expect(response.status).toBe(200)
    const body = AccountDetailSchema.parse(await response.json())
    expect(body.stats).toEqual({
      contacts: 1,
      signals: 2,
      lastSignalAt: '2026-11-21T10:00:00.000Z',
    })
  })
})

describe('GET /v1/accounts/{domain}, answered from the look-up cache', () => {
  it('answers a repeated look-up with the same document, and shows a change at once', async () => {
    await t.json('/v1/accounts/cache.com', 'PUT', { name: 'Cache Co' })
    const lookUp = async () => {
      const response = await t.call('/v1/accounts/cache.com', { scope: 'read' })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      return response.text()
    }
    const first = await lookUp()
    expect(await lookUp()).toBe(first)
    expect(AccountDetailSchema.parse(JSON.parse(first)).stats.signals).toBe(0)

    const signals = [{ type: 'content', account: 'cache.com', topic: 'ERP', occurredAt: NOW }]
    expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
    expect(JSON.parse(await lookUp()).stats.signals).toBe(1)

    await t.json('/v1/accounts/cache.com', 'PUT', { name: 'Renamed Co' })
    expect(JSON.parse(await lookUp()).name).toBe('Renamed Co')

    // An hour later the stored score is recomputed, so the cached answer is not served.
    const before = JSON.parse(await lookUp()).computedAt
    t.clock.set(Date.parse(NOW) + 61 * 60_000)
    expect(JSON.parse(await lookUp()).computedAt).not.toBe(before)

    expect(
      (await t.call('/v1/accounts/cache.com', { method: 'DELETE', scope: 'admin' })).status,
    ).toBe(200)
    expect((await t.call('/v1/accounts/cache.com', { scope: 'read' })).status).toBe(404)
  })
})
