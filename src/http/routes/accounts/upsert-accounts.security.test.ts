import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const body = JSON.stringify({ accounts: [{ domain: 'acme.com' }] })

describe('POST /v1/accounts/batch', () => {
  it('needs a write key', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body }
    expect((await t.call('/v1/accounts/batch', { ...init, scope: null })).status).toBe(401)
    expect((await t.call('/v1/accounts/batch', { ...init, scope: 'read' })).status).toBe(403)
    expect(await t.ctx.store.accounts.count()).toBe(0)
  })

  it('refuses attributes that could reach a prototype, at their item', async () => {
    const response = await t.call('/v1/accounts/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"accounts":[{"domain":"acme.com"},{"domain":"globex.de","attributes":{"__proto__":{"admin":true}}}]}',
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues!.map((issue) => issue.pointer)).toEqual([
      expect.stringMatching(/^\/accounts\/1\/attributes/),
    ])
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    expect(await t.ctx.store.accounts.count()).toBe(0)
  })
})
