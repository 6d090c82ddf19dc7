import { beforeEach, describe, expect, it } from 'vitest'
import { AccountDetailSchema, AccountSchema } from '../../src/http/presenters.ts'
import { buildTestApp, NOW, problemOf, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

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

  it('lists every invalid field, in body and path, and writes nothing', async () => {
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/accounts/localhost', 'PUT', {
      employees: -1,
      revenue: 'lots',
      country: 'XX',
      technologies: 'SAP',
      attributes: [],
      colour: 'red',
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.code).toBe('validation_failed')
    // The path parameter is validated before the body, and reported in its own problem.
    expect(problem.issues).toEqual([
      expect.objectContaining({
        in: 'path',
        path: ['domain'],
        message: expect.stringMatching(/unknown top-level domain/),
      }),
    ])

    const bodyProblem = await problemOf(
      await t.json('/v1/accounts/acme.com', 'PUT', {
        employees: -1,
        revenue: 'lots',
        country: 'XX',
        technologies: 'SAP',
        attributes: [],
        colour: 'red',
      }),
    )
    const paths = bodyProblem.issues!.map((issue) => issue.pointer).sort()
    expect(paths).toEqual([
      '/attributes',
      '/colour',
      '/country',
      '/employees',
      '/revenue',
      '/technologies',
    ])
    expect(bodyProblem.issues!.every((issue) => issue.in === 'body')).toBe(true)
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

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

describe('GET /v1/accounts/{domain}', () => {
  it('returns firmographics and activity counts', async () => {
    await t.json('/v1/accounts/acme.com', 'PUT', { name: 'Acme' })
    await t.json('/v1/signals', 'POST', {
      signals: [
        {
          type: 'content',
          account: 'acme.com',
          contact: 'jan@acme.com',
          topic: 'CRM',
          occurredAt: '2026-11-20T10:00:00Z',
        },
        { type: 'web_visit', account: 'acme.com', occurredAt: '2026-11-21T10:00:00Z' },
      ],
    })
    const response = await t.call('/v1/accounts/ACME.com', { scope: 'read' })
    expect(response.status).toBe(200)
    const body = AccountDetailSchema.parse(await response.json())
    expect(body.stats).toEqual({
      contacts: 1,
      signals: 2,
      lastSignalAt: '2026-11-21T10:00:00.000Z',
    })
  })

  it('answers 404 as a problem for an unknown account', async () => {
    const response = await t.call('/v1/accounts/unknown.com', { scope: 'read' })
    expect(response.status).toBe(404)
    expect((await problemOf(response)).code).toBe('not_found')
  })
})

describe('GET /v1/accounts', () => {
  it('pages through every account exactly once with the cursor', async () => {
    const domains = Array.from({ length: 7 }, (_, i) => `company${i}.com`)
    for (const domain of [...domains].reverse()) await t.json(`/v1/accounts/${domain}`, 'PUT', {})
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3'
      const response = await t.call(`/v1/accounts${query}`, { scope: 'read' })
      expect(response.status).toBe(200)
      const page = (await response.json()) as {
        data: { domain: string }[]
        nextCursor: string | null
      }
      seen.push(...page.data.map((account) => account.domain))
      cursor = page.nextCursor
      pages += 1
    } while (cursor !== null)
    expect(pages).toBe(3)
    expect(seen).toEqual(domains)
  })

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?limit=ten', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
  ])('refuses %s with a query issue', async (query, field) => {
    const response = await t.call(`/v1/accounts${query}`, { scope: 'read' })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues).toEqual([expect.objectContaining({ in: 'query', path: [field] })])
  })
})

describe('GET /v1/accounts/{domain}, answered from the look-up cache', () => {
  it('answers a repeated look-up with the same document, and shows a change at once', async () => {
    await t.json('/v1/accounts/cache.com', 'PUT', { name: 'Cache Co' })
    const lookUp = async () => {
      const response = await t.call('/v1/accounts/cache.com', { scope: 'read' })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      return response.text()
    }
    const first = await lookUp()
    expect(await lookUp()).toBe(first)
    expect(AccountDetailSchema.parse(JSON.parse(first)).stats.signals).toBe(0)

    const signals = [{ type: 'content', account: 'cache.com', topic: 'ERP', occurredAt: NOW }]
    expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
    expect(JSON.parse(await lookUp()).stats.signals).toBe(1)

    await t.json('/v1/accounts/cache.com', 'PUT', { name: 'Renamed Co' })
    expect(JSON.parse(await lookUp()).name).toBe('Renamed Co')

    // An hour later the stored score is recomputed, so the cached answer is not served.
    const before = JSON.parse(await lookUp()).computedAt
    t.clock.set(Date.parse(NOW) + 61 * 60_000)
    expect(JSON.parse(await lookUp()).computedAt).not.toBe(before)

    expect(
      (await t.call('/v1/accounts/cache.com', { method: 'DELETE', scope: 'admin' })).status,
    ).toBe(200)
    expect((await t.call('/v1/accounts/cache.com', { scope: 'read' })).status).toBe(404)
  })
})
