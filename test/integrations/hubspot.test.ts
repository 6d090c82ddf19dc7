import { describe, expect, it } from 'vitest'
import { getAccount } from '../../src/domain/accounts.ts'
import { getContact } from '../../src/domain/contacts.ts'
import { applyHubSpotEvents, hubspotEventSchema } from '../../src/integrations/hubspot.ts'
import { normalizeEmail } from '../../src/ingest/identity.ts'
import { buildTestApp } from '../helpers/app.ts'

let nextId = 1
const email = (address: string) => {
  const normalized = normalizeEmail(address)
  if (!normalized.ok) throw new Error(address)
  return normalized.value
}
const event = (
  subscriptionType: string,
  objectId: number,
  propertyName: string,
  propertyValue: unknown,
) =>
  hubspotEventSchema.parse({
    eventId: nextId++,
    subscriptionType,
    objectId,
    propertyName,
    propertyValue,
  })

async function knownCompany() {
  const t = await buildTestApp()
  await applyHubSpotEvents(t.ctx, [event('company.propertyChange', 7, 'domain', 'acme.pl')])
  return t
}

describe('HubSpot property changes, one parser per property', () => {
  it.each([
    ['name', ' Acme S.A. ', { name: 'Acme S.A.' }],
    ['industry', 'Manufacturing', { industry: 'Manufacturing' }],
    ['numberofemployees', '250', { employees: 250 }],
    ['numberofemployees', 40, { employees: 40 }],
    ['country', 'pl', { country: 'PL' }],
  ])('company %s = %j is applied to the known company', async (property, sent, expected) => {
    const t = await knownCompany()
    const result = await applyHubSpotEvents(t.ctx, [
      event('company.propertyChange', 7, property, sent),
    ])
    expect(result).toMatchObject({ mapped: 1, unmapped: 0 })
    expect([...result.touched]).toEqual(['acme.pl'])
    expect(await getAccount(t.ctx, 'acme.pl')).toMatchObject(expected)
  })

  it.each([
    ['numberofemployees', '12.5'],
    ['numberofemployees', '-3'],
    ['numberofemployees', '20000000'],
    ['country', 'Poland'],
    ['website', 'acme.pl'],
    ['constructor', 'x'],
    ['__proto__', 'x'],
  ])('company %s = %j is unmapped and changes nothing', async (property, sent) => {
    const t = await knownCompany()
    const before = await getAccount(t.ctx, 'acme.pl')
    const result = await applyHubSpotEvents(t.ctx, [
      event('company.propertyChange', 7, property, sent),
    ])
    expect(result).toMatchObject({ mapped: 0, unmapped: 1 })
    expect(await getAccount(t.ctx, 'acme.pl')).toEqual(before)
  })

  it('a change to a company never identified is unmapped', async () => {
    const t = await buildTestApp()
    const result = await applyHubSpotEvents(t.ctx, [
      event('company.propertyChange', 8, 'name', 'Who'),
    ])
    expect(result).toMatchObject({ mapped: 0, unmapped: 1 })
  })

  it("contacts: email identifies, jobtitle changes the known contact; the account's domain is touched", async () => {
    const t = await buildTestApp()
    const first = await applyHubSpotEvents(t.ctx, [
      event('contact.propertyChange', 9, 'email', 'Jan@Acme.pl'),
      event('contact.propertyChange', 9, 'jobtitle', ' Head of IT '),
      event('contact.propertyChange', 9, 'firstname', 'Jan'),
      event('contact.propertyChange', 10, 'jobtitle', 'CFO'),
      event('deal.propertyChange', 11, 'amount', '100'),
    ])
    expect(first).toMatchObject({ mapped: 2, unmapped: 3 })
    expect([...first.touched]).toEqual(['acme.pl'])
    expect(await getContact(t.ctx, email('jan@acme.pl'))).toMatchObject({ title: 'Head of IT' })
  })
})
