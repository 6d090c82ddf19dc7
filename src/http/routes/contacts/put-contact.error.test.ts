import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('PUT /v1/contacts/{email}', () => {
  it('lists every invalid field', async () => {
    const response = await t.json('/v1/contacts/jan@acme.com', 'PUT', {
      name: '',
      title: 'x'.repeat(201),
      account: 'co.uk',
      phone: '1',
    })
    expect(response.status).toBe(400)
    const pointers = (await problemOf(response)).issues!.map((issue) => issue.pointer).sort()
    expect(pointers).toEqual(['/account', '/name', '/phone', '/title'])
  })

  it('refuses an invalid e-mail in the path', async () => {
    const response = await t.json('/v1/contacts/not-an-email', 'PUT', {})
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues).toEqual([
      expect.objectContaining({ in: 'path', path: ['email'] }),
    ])
  })
})
