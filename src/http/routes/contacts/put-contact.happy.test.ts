import { beforeEach, describe, expect, it } from 'vitest'
import { ContactSchema } from '../../presenters-people.ts'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('PUT /v1/contacts/{email}', () => {
  it("creates a contact keyed by the lower-cased e-mail, on its e-mail domain's account", async () => {
    const response = await t.json('/v1/contacts/Anna.Nowak@Acme.PL', 'PUT', {
      name: 'Anna Nowak',
      title: 'Dyrektor Finansowy',
    })
    expect(response.status).toBe(201)
    expect(ContactSchema.parse(await response.json())).toMatchObject({
      email: 'anna.nowak@acme.pl',
      account: 'acme.pl',
      name: 'Anna Nowak',
      title: 'Dyrektor Finansowy',
    })
    expect((await t.call('/v1/accounts/acme.pl', { scope: 'read' })).status).toBe(200)
  })

  it('never creates an account from a free-mail address alone', async () => {
    const response = await t.json('/v1/contacts/ivan.petrov@yandex.ru', 'PUT', {
      title: 'Финансовый директор',
    })
    expect(ContactSchema.parse(await response.json()).account).toBeNull()
    expect((await t.call('/v1/accounts/yandex.ru', { scope: 'read' })).status).toBe(404)
  })

  it('takes an explicit account, moves earlier signals with it, and keeps fields left out', async () => {
    await t.json('/v1/signals', 'POST', {
      signals: [
        { type: 'search', contact: 'max@gmx.de', topic: 'ERP', occurredAt: '2026-11-20T10:00:00Z' },
      ],
    })
    await t.json('/v1/contacts/max@gmx.de', 'PUT', { name: 'Max Müller' })
    const linked = await t.json('/v1/contacts/max@gmx.de', 'PUT', {
      account: 'https://www.mueller-gmbh.de',
      title: 'Leiter Einkauf',
    })
    expect(linked.status).toBe(200)
    expect(ContactSchema.parse(await linked.json())).toMatchObject({
      account: 'mueller-gmbh.de',
      name: 'Max Müller',
      title: 'Leiter Einkauf',
    })
    const account = (await (
      await t.call('/v1/accounts/mueller-gmbh.de', { scope: 'read' })
    ).json()) as { stats: { signals: number; contacts: number } }
    expect(account.stats).toMatchObject({ signals: 1, contacts: 1 })
  })

  it('unlinks with account: null', async () => {
    await t.json('/v1/contacts/jan@acme.com', 'PUT', {})
    const response = await t.json('/v1/contacts/jan@acme.com', 'PUT', { account: null })
    expect(ContactSchema.parse(await response.json()).account).toBeNull()
  })
})
