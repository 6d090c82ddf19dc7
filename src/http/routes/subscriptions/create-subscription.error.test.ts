import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../../../../test/helpers/app.ts'

const SECRET = 'receiver-secret-0123456789'

describe('POST /v1/subscriptions', () => {
  it('validates subscriptions and needs the admin scope', async () => {
    const t = await buildTestApp()
    const bad = await t.json(
      '/v1/subscriptions',
      'POST',
      { url: 'ftp://x', events: ['score.exploded'], secret: 'short' },
      'admin',
    )
    expect(bad.status).toBe(400)
    expect(
      (
        await t.json(
          '/v1/subscriptions',
          'POST',
          { url: 'https://x.example', events: ['label.changed'], secret: SECRET },
          'write',
        )
      ).status,
    ).toBe(403)
    expect((await t.call('/v1/subscriptions/sub_nope/deliveries', { scope: 'admin' })).status).toBe(
      404,
    )
  })
})
