import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'
import { contentDigest } from '../../../../test/helpers/digest.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('POST /v1/contacts/batch', () => {
  it('refuses bad items and a repeated address whole, listing each by index', async () => {
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/contacts/batch', 'POST', {
      contacts: [
        { email: 'anna@acme.pl', name: 'Anna' },
        { email: 'not an address' },
        { email: 'ANNA@acme.pl', seniority: 'emperor' },
        { email: 'max@acme.pl', account: 'localhost' },
      ],
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues!.map((issue) => [issue.pointer, issue.code]).sort()).toEqual([
      ['/contacts/1/email', 'custom'],
      ['/contacts/2/email', 'duplicate'],
      ['/contacts/2/seniority', 'invalid_value'],
      ['/contacts/3/account', 'custom'],
    ])
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('answers 409 for an erased person or account anywhere in the batch, writing nothing', async () => {
    await t.json('/v1/contacts/batch', 'POST', { contacts: [{ email: 'anna@acme.pl' }] })
    await t.call('/v1/contacts/anna@acme.pl', { method: 'DELETE', scope: 'admin' })
    await t.json('/v1/accounts/globex.de', 'PUT', {})
    await t.call('/v1/accounts/globex.de', { method: 'DELETE', scope: 'admin' })
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/contacts/batch', 'POST', {
      contacts: [
        { email: 'max@acme.pl' },
        { email: 'Anna@acme.pl' },
        { email: 'jo@gmail.com', account: 'globex.de' },
        { email: 'hans@globex.de' },
      ],
    })
    expect(response.status).toBe(409)
    const problem = await problemOf(response)
    expect(problem.code).toBe('suppressed')
    expect(problem.issues!.map((issue) => issue.pointer)).toEqual([
      '/contacts/1/email',
      '/contacts/2/email',
      '/contacts/3/email',
    ])
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })
})
