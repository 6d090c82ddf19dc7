import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('PUT /v1/accounts/{domain}', () => {
  it('refuses attributes that could reach a prototype, or nest too deep', async () => {
    const response = await t.call('/v1/accounts/acme.com', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"attributes":{"__proto__":{"admin":true},"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}}',
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues!.map((issue) => issue.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/'__proto__' is not allowed/),
        expect.stringMatching(/nest deeper/),
      ]),
    )
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })
})
