import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.ts'

const SECRET = 'a-webhook-secret-of-enough-length'

/**
 * The webhook routes answer anyone who can reach them (the signature is the credential), so
 * what an unsigned sender can make the server do is bounded: a small body, read no further
 * than the limit, and a rate per client address.
 */
describe('security: webhooks bound what an unsigned sender can cost', () => {
  it('refuses a body over 1 MiB at once, before reading it or checking a signature', async () => {
    const t = await buildTestApp({
      WEBHOOK_SECRET: SECRET,
      HUBSPOT_CLIENT_SECRET: 'a-hubspot-secret',
    })
    const big = `{"id":"x","pad":"${'a'.repeat(1_100_000)}"}`
    for (const path of ['/v1/webhooks/crm', '/v1/webhooks/hubspot']) {
      const response = await t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': 't=1,v1=00' },
        body: big,
      })
      expect(response.status, path).toBe(413)
    }
  })

  it('limits requests per client address, signed or not, with Retry-After', async () => {
    const t = await buildTestApp({ WEBHOOK_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: 60 })
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const response = await t.app.request('/v1/webhooks/crm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': 't=1,v1=00' },
        body: '{}',
      })
      statuses.push(response.status)
      if (response.status === 429)
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })
})
