import { beforeEach, describe, expect, it } from 'vitest'
import { ContactSchema } from '../../presenters-people.ts'
import { UpsertCountsSchema } from '../../presenters.ts'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const contact = async (email: string) =>
  ContactSchema.parse(await (await t.call(`/v1/contacts/${email}`, { scope: 'read' })).json())

describe('POST /v1/contacts/batch', () => {
  it('creates, updates and leaves alone, with the fields and accounts of PUT', async () => {
    const first = await t.json('/v1/contacts/batch', 'POST', {
      contacts: [
        { email: 'Anna.Nowak@Acme.PL', name: 'Anna Nowak', title: 'Dyrektor Finansowy' },
        { email: 'ivan.petrov@yandex.ru', title: 'CFO' },
        { email: 'max@gmx.de', account: 'https://www.mueller-gmbh.de', seniority: 'vp' },
      ],
    })
    expect(first.status).toBe(200)
    expect(UpsertCountsSchema.parse(await first.json())).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
    })
    expect(await contact('anna.nowak@acme.pl')).toMatchObject({ account: 'acme.pl' })
    // Free mail never makes an account; an explicit one is made.
    expect(await contact('ivan.petrov@yandex.ru')).toMatchObject({ account: null })
    expect(await contact('max@gmx.de')).toMatchObject({ account: 'mueller-gmbh.de' })

    const second = await t.json('/v1/contacts/batch', 'POST', {
      contacts: [
        { email: 'anna.nowak@acme.pl', title: null },
        { email: 'ivan.petrov@yandex.ru', title: 'CFO' },
        { email: 'new@acme.pl' },
      ],
    })
    expect(UpsertCountsSchema.parse(await second.json())).toEqual({
      created: 1,
      updated: 1,
      unchanged: 1,
    })
    expect(await contact('anna.nowak@acme.pl')).toMatchObject({ name: 'Anna Nowak', title: null })
  })

  it('stores 1,000 contacts in one request, as NDJSON too', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({ email: `person-${i}@acme.pl`, title: 'Engineer' }),
    )
    const response = await t.call('/v1/contacts/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    })
    expect(response.status).toBe(200)
    expect(UpsertCountsSchema.parse(await response.json())).toEqual({
      created: 1000,
      updated: 0,
      unchanged: 0,
    })
  })
})
