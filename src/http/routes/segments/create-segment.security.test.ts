import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('segments: keys and scopes', () => {
  it('reads with a read key, changes only with a write key, and nothing without a key', async () => {
    const body = { name: 'Hot', filter: { label: 'hot' } }
    expect((await t.json('/v1/segments', 'POST', body, 'read')).status).toBe(403)
    const created = await t.json('/v1/segments', 'POST', body, 'write')
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    for (const path of ['/v1/segments', `/v1/segments/${id}`, `/v1/segments/${id}/accounts`]) {
      expect((await t.call(path, { scope: null })).status).toBe(401)
      expect((await t.call(path, { scope: 'read' })).status).toBe(200)
    }
    expect((await t.json(`/v1/segments/${id}`, 'PUT', body, 'read')).status).toBe(403)
    expect((await t.call(`/v1/segments/${id}`, { method: 'DELETE', scope: 'read' })).status).toBe(
      403,
    )
    expect((await t.call(`/v1/segments/${id}`, { scope: 'read' })).status).toBe(200)
  })

  it('keeps a filter text with SQL in it as text: it selects nothing and harms nothing', async () => {
    await t.json('/v1/accounts/acme.pl', 'PUT', { industry: 'software' })
    await t.call('/v1/accounts/acme.pl', { scope: 'read' })
    const created = await t.json('/v1/segments', 'POST', {
      name: "x'); DROP TABLE segments; --",
      filter: { industry: "software' OR 1=1 --", technology: '%' },
    })
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({ members: 0 })
    expect((await t.call('/v1/segments', { scope: 'read' })).status).toBe(200)
  })
})
