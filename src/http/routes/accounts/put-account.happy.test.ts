import { beforeEach, describe, expect, it } from 'vitest'
import { AccountDetailSchema, AccountSchema } from '../../presenters.ts'
import { buildTestApp, NOW, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const acme = {
  name: 'Acme Sp. z o.o.',
  industry: 'Manufacturing',
  employees: 250,
  revenue: 40_000_000,
  country: 'pl',
  technologies: ['SAP', 'Salesforce', 'SAP'],
  attributes: { crmId: '0015g00000XyZ', tier: 2 },
}

describe('PUT /v1/accounts/{domain}', () => {
  it('creates an account keyed by the registrable domain (201), then updates it (200)', async () => {
    const created = await t.json('/v1/accounts/www.Acme.com.pl', 'PUT', acme)
    expect(created.status).toBe(201)
    const body = AccountSchema.parse(await created.json())
    expect(body).toMatchObject({
      domain: 'acme.com.pl',
      name: 'Acme Sp. z o.o.',
      country: 'PL',
      technologies: ['SAP', 'Salesforce'],
      attributes: { crmId: '0015g00000XyZ', tier: 2 },
      createdAt: NOW,
    })

    t.clock.set('2026-11-26T08:00:00Z')
    const updated = await t.json('/v1/accounts/acme.com.pl', 'PUT', { employees: 300 })
    expect(updated.status).toBe(200)
    const after = AccountSchema.parse(await updated.json())
    expect(after).toMatchObject({
      name: 'Acme Sp. z o.o.',
      employees: 300,
      createdAt: NOW,
      updatedAt: '2026-11-26T08:00:00.000Z',
    })
  })

  it('clears a field given as null and keeps the ones left out', async () => {
    await t.json('/v1/accounts/acme.de', 'PUT', acme)
    const response = await t.json('/v1/accounts/acme.de', 'PUT', {
      industry: null,
      technologies: null,
    })
    const body = AccountSchema.parse(await response.json())
    expect(body).toMatchObject({
      industry: null,
      technologies: [],
      name: acme.name,
      employees: 250,
    })
  })

  it('accepts a percent-encoded URL as the domain, and IDN and punycode meet', async () => {
    const viaUrl = await t.json(
      `/v1/accounts/${encodeURIComponent('https://www.Bücher.de/about')}`,
      'PUT',
      { name: 'Bücher' },
    )
    expect(viaUrl.status).toBe(201)
    const viaPunycode = await t.call('/v1/accounts/xn--bcher-kva.de', { scope: 'read' })
    const body = AccountDetailSchema.parse(await viaPunycode.json())
    expect(body).toMatchObject({
      domain: 'xn--bcher-kva.de',
      displayDomain: 'bücher.de',
      name: 'Bücher',
    })
  })
})
