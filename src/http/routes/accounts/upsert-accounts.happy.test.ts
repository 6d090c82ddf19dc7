import { beforeEach, describe, expect, it } from 'vitest'
import { AccountSchema, UpsertCountsSchema } from '../../presenters.ts'
import { buildTestApp, NOW, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const account = async (domain: string) =>
  AccountSchema.parse(await (await t.call(`/v1/accounts/${domain}`, { scope: 'read' })).json())

describe('POST /v1/accounts/batch', () => {
  it('creates, updates and leaves alone, counting each, with the fields of PUT', async () => {
    const first = await t.json('/v1/accounts/batch', 'POST', {
      accounts: [
        { domain: 'https://www.Acme.com.pl/about', name: 'Acme', country: 'pl', employees: 250 },
        { domain: 'globex.de', name: 'Globex', technologies: ['SAP', 'SAP'] },
      ],
    })
    expect(first.status).toBe(200)
    expect(UpsertCountsSchema.parse(await first.json())).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    })
    expect(await account('acme.com.pl')).toMatchObject({
      name: 'Acme',
      country: 'PL',
      employees: 250,
      createdAt: NOW,
    })

    t.clock.set('2026-11-26T08:00:00Z')
    const second = await t.json('/v1/accounts/batch', 'POST', {
      accounts: [
        // Absent fields keep, null clears: as PUT /v1/accounts/{domain}.
        { domain: 'acme.com.pl', employees: null },
        { domain: 'globex.de', name: 'Globex' },
        { domain: 'initech.com' },
      ],
    })
    expect(UpsertCountsSchema.parse(await second.json())).toEqual({
      created: 1,
      updated: 1,
      unchanged: 1,
    })
    expect(await account('acme.com.pl')).toMatchObject({
      name: 'Acme',
      country: 'PL',
      employees: null,
    })
    expect(await account('globex.de')).toMatchObject({ technologies: ['SAP'] })
  })

  it('stores 1,000 accounts in one request, and a rerun changes none', async () => {
    const accounts = Array.from({ length: 1000 }, (_, i) => ({
      domain: `account-${i}.com`,
      name: `Account ${i}`,
      employees: i,
    }))
    const created = await t.json('/v1/accounts/batch', 'POST', { accounts })
    expect(UpsertCountsSchema.parse(await created.json())).toEqual({
      created: 1000,
      updated: 0,
      unchanged: 0,
    })
    const rerun = await t.json('/v1/accounts/batch', 'POST', { accounts })
    expect(UpsertCountsSchema.parse(await rerun.json())).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1000,
    })
    expect(await account('account-999.com')).toMatchObject({ employees: 999 })
  })

  it('takes NDJSON, one account per line', async () => {
    const response = await t.call('/v1/accounts/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"domain":"acme.com","name":"Acme"}\n\n{"domain":"globex.de","country":"DE"}\n',
    })
    expect(response.status).toBe(200)
    expect(UpsertCountsSchema.parse(await response.json())).toMatchObject({ created: 2 })
    expect(await account('globex.de')).toMatchObject({ country: 'DE' })
  })

  it('marks the accounts it writes for rescoring', async () => {
    await t.json('/v1/accounts/batch', 'POST', { accounts: [{ domain: 'acme.com' }] })
    const dirty = await t.ctx.store.scores.dirty(10)
    expect(dirty.map((row) => row.domain)).toEqual(['acme.com'])
  })
})
