import { describe, expect, it } from 'vitest'
import { buildTestApp, problemOf } from '../helpers/app.ts'

describe('per-key rate limits', () => {
  it('answer 429 with Retry-After past the burst, per key, and recover as time passes', async () => {
    const t = await buildTestApp({ RATE_LIMIT_PER_MINUTE: 60 })
    const statuses: number[] = []
    for (let i = 0; i < 11; i++)
      statuses.push((await t.call('/v1/accounts', { scope: 'read' })).status)
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true)
    const limited = await t.call('/v1/accounts', { scope: 'read' })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1')
    expect((await problemOf(limited)).code).toBe('rate_limited')
    // Another key has its own bucket.
    expect((await t.call('/v1/accounts', { scope: 'write' })).status).toBe(200)
    t.clock.set(t.clock.now() + 1000)
    expect((await t.call('/v1/accounts', { scope: 'read' })).status).toBe(200)
  })

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    const t = await buildTestApp({ RATE_LIMIT_PER_MINUTE: 0 })
    for (let i = 0; i < 50; i++)
      expect((await t.call('/v1/accounts', { scope: 'read' })).status).toBe(200)
  })
})
