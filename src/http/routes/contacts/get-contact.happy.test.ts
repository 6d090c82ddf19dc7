import { beforeEach, describe, expect, it } from 'vitest'
import { ContactSchema } from '../../presenters-people.ts'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('GET /v1/contacts/{email}', () => {
  it('finds a contact case-insensitively, and 404s an unknown one', async () => {
    await t.json('/v1/contacts/jan@acme.com', 'PUT', { name: 'Jan' })
    const found = await t.call('/v1/contacts/JAN@ACME.COM', { scope: 'read' })
    expect(ContactSchema.parse(await found.json()).name).toBe('Jan')
    const missing = await t.call('/v1/contacts/nobody@acme.com', { scope: 'read' })
    expect(missing.status).toBe(404)
  })
})
