import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('GET /v1/accounts/{domain}', () => {
  it('answers 404 as a problem for an unknown account', async () => {
    const response = await t.call('/v1/accounts/unknown.com', { scope: 'read' })
    expect(response.status).toBe(404)
    expect((await problemOf(response)).code).toBe('not_found')
  })
})
