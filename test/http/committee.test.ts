import { beforeAll, describe, expect, it } from 'vitest'
import { ContactSchema, CommitteeSchema } from '../../src/http/presenters-people.ts'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

const AS_OF = Date.UTC(2026, 10, 1)
const DAY = 86_400_000
let t: TestApp

const people = [
  ['anna@acme.pl', 'Dyrektor Finansowy'],
  ['max@acme.pl', 'Leiter IT'],
  ['olga@acme.pl', 'Менеджер по продажам'],
  ['piotr@acme.pl', 'Kierownik Działu Zakupów'],
  ['jan@acme.pl', 'Prezes Zarządu'],
] as const

beforeAll(async () => {
  t = await buildTestApp()
  t.clock.set(AS_OF + DAY)
  for (const [email, title] of people) await t.json(`/v1/contacts/${email}`, 'PUT', { title })
  await t.json('/v1/accounts/empty.com', 'PUT', { name: 'No contacts' })
  // Anna, Max and Olga read about the data warehouse a lot lately; Piotr and Jan are quiet.
  const signals = []
  for (let day = 1; day <= 105; day++) {
    signals.push({
      type: 'content',
      contact: 'olga@acme.pl',
      topic: 'CRM Software',
      occurredAt: new Date(AS_OF - day * DAY + 3_600_000).toISOString(),
    })
  }
  for (let day = 1; day <= 14; day++) {
    for (const email of ['anna@acme.pl', 'max@acme.pl', 'olga@acme.pl']) {
      signals.push({
        type: 'content',
        contact: email,
        topic: 'Data Warehouse',
        occurredAt: new Date(AS_OF - day * DAY + 7_200_000).toISOString(),
      })
    }
  }
  expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
})

const committee = async (domain: string) => {
  const response = await t.call(
    `/v1/accounts/${domain}/committee?asOf=${new Date(AS_OF).toISOString()}`,
    { scope: 'read' },
  )
  expect(response.status).toBe(200)
  return CommitteeSchema.parse(await response.json())
}

describe('GET /v1/accounts/{domain}/committee', () => {
  it('lists engaged members with role, function, seniority and why; coverage; missing roles; who to reach next', async () => {
    const view = await committee('acme.pl')
    const byEmail = new Map(view.members.map((member) => [member.email, member]))
    expect([...byEmail.keys()].sort()).toEqual(['anna@acme.pl', 'max@acme.pl', 'olga@acme.pl'])
    expect(byEmail.get('anna@acme.pl')).toMatchObject({
      role: 'economic_buyer',
      function: 'finance',
      seniority: 'c_level',
    })
    expect(byEmail.get('max@acme.pl')).toMatchObject({
      role: 'technical_evaluator',
      function: 'engineering',
      seniority: 'director',
    })
    expect(byEmail.get('olga@acme.pl')).toMatchObject({
      function: 'sales',
      topics: ['CRM Software', 'Data Warehouse'],
    })
    expect(byEmail.get('anna@acme.pl')!.classification.rule).toMatch(/finance/)
    expect(byEmail.get('anna@acme.pl')!.lastActivityAt).toBe(
      new Date(AS_OF - DAY + 7_200_000).toISOString(),
    )
    expect(view.members[0]!.engagement).toBeGreaterThan(0)
    expect(view.coverage).toBeCloseTo(3 / 7, 3)
    expect(view.missingRoles).toEqual(expect.arrayContaining(['decision_maker', 'procurement']))
    expect(view.recommendedContacts.map((person) => person.email).sort()).toEqual([
      'jan@acme.pl',
      'piotr@acme.pl',
    ])
    const drivers = view.topicDrivers.find((driver) => driver.topic === 'Data Warehouse')
    expect(drivers?.functions.map((entry) => entry.function).sort()).toEqual([
      'engineering',
      'finance',
      'sales',
    ])
  })

  it('is empty, not an error, for an account without contacts', async () => {
    const view = await committee('empty.com')
    expect(view).toMatchObject({
      coverage: 0,
      members: [],
      recommendedContacts: [],
      topicDrivers: [],
    })
    expect(view.missingRoles).toHaveLength(7)
  })

  it('is part of the account look-up', async () => {
    const response = await t.call(`/v1/accounts/acme.pl?asOf=${new Date(AS_OF).toISOString()}`, {
      scope: 'read',
    })
    const body = AccountDetailSchema.parse(await response.json())
    expect(body.committee.members).toHaveLength(3)
  })

  it('answers 404 for an unknown account', async () => {
    expect((await t.call('/v1/accounts/nobody.com/committee', { scope: 'read' })).status).toBe(404)
  })
})

describe('overrides', () => {
  it("a contact's function and seniority can be set, and cleared with null", async () => {
    const set = ContactSchema.parse(
      await (
        await t.json('/v1/contacts/piotr@acme.pl', 'PUT', { function: 'finance', seniority: 'vp' })
      ).json(),
    )
    expect(set.classification).toMatchObject({
      function: 'finance',
      seniority: 'vp',
      role: 'economic_buyer',
      overridden: true,
      confidence: 1,
    })
    expect(set.classification.rule).toMatch(/^override;/)
    const cleared = ContactSchema.parse(
      await (
        await t.json('/v1/contacts/piotr@acme.pl', 'PUT', { function: null, seniority: null })
      ).json(),
    )
    expect(cleared.classification).toMatchObject({
      function: 'procurement',
      seniority: 'manager',
      role: 'procurement',
      overridden: false,
    })
  })

  it('refuses values outside the lists', async () => {
    const response = await t.json('/v1/contacts/piotr@acme.pl', 'PUT', {
      function: 'wizardry',
      seniority: 'king',
    })
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues!.map((issue) => issue.pointer).sort()).toEqual([
      '/function',
      '/seniority',
    ])
  })
})

describe('a configured committee template', () => {
  it('assigns roles by its own rules and counts coverage over its own roles', async () => {
    const { accountCommittee } = await import('../../src/domain/committee.ts')
    const { scoringConfigSchema } = await import('../../src/scoring/config.ts')
    const scoring = scoringConfigSchema.parse({
      committee: {
        requiredRoles: ['economic_buyer', 'champion'],
        rules: [
          {
            functions: ['finance'],
            seniorities: '*',
            role: 'economic_buyer',
            reason: 'Finance pays.',
          },
          { functions: '*', seniorities: '*', role: 'champion', reason: 'Everyone else pushes.' },
        ],
      },
    })
    const view = await accountCommittee({ ...t.ctx, scoring }, 'acme.pl', AS_OF)
    expect(view.coverage).toBe(1)
    expect(view.missingRoles).toEqual([])
    expect(new Set(view.members.map((member) => member.role))).toEqual(
      new Set(['economic_buyer', 'champion']),
    )
    expect(view.members.find((member) => member.role === 'champion')!.why.roleReason).toBe(
      'Everyone else pushes.',
    )
  })

  it('is validated when loaded', async () => {
    const { scoringConfigSchema } = await import('../../src/scoring/config.ts')
    expect(
      scoringConfigSchema.safeParse({ committee: { requiredRoles: ['kingmaker'] } }).success,
    ).toBe(false)
  })
})
