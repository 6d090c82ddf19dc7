import { describe, expect, it } from 'vitest'
import { buildTestApp, problemOf } from '../helpers/app.ts'

const ioError = () => Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' })

describe('a storage that cannot be written', () => {
  it('answers 503 storage_unavailable with Retry-After, says degraded, and is ok after a write succeeds', async () => {
    const t = await buildTestApp()
    const upsert = t.ctx.store.accounts.upsert
    t.ctx.store.accounts.upsert = () => Promise.reject(ioError())
    const refused = await t.json('/v1/accounts/acme.com', 'PUT', { name: 'Acme' })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    expect(await problemOf(refused)).toMatchObject({ code: 'storage_unavailable', status: 503 })

    const health = await t.app.request('/healthz')
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      reasons: [expect.objectContaining({ code: 'storage_unavailable' })],
    })

    t.ctx.store.accounts.upsert = upsert
    expect((await t.json('/v1/accounts/acme.com', 'PUT', { name: 'Acme' })).status).toBe(201)
    const healed = await t.app.request('/healthz')
    expect(healed.status).toBe(200)
    expect(await healed.json()).toMatchObject({ status: 'ok', reasons: [] })
  })

  it('a busy database stays 503 unavailable (a moment, not a fault of the storage)', async () => {
    const t = await buildTestApp()
    t.ctx.store.accounts.upsert = () =>
      Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))
    const refused = await t.json('/v1/accounts/acme.com', 'PUT', { name: 'Acme' })
    expect(refused.status).toBe(503)
    expect((await problemOf(refused)).code).toBe('unavailable')
    expect((await t.app.request('/healthz')).status).toBe(200)
  })
})
