import { createHash, createHmac } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { importFile } from '../../src/jobs/import.ts'
import { buildTestApp, NOW, problemOf, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

const WEBHOOK_SECRET = 'crm-webhook-secret-0123456789'
const HUBSPOT = 'hubspot-client-secret'
let t: TestApp

const signal = (overrides: Record<string, unknown> = {}) => ({
  type: 'content',
  contact: 'anna@acme.pl',
  topic: 'Data Warehouse',
  occurredAt: '2026-11-20T10:00:00Z',
  ...overrides,
})

beforeEach(async () => {
  t = await buildTestApp({ WEBHOOK_SECRET, HUBSPOT_CLIENT_SECRET: HUBSPOT })
  await t.json('/v1/signals', 'POST', {
    signals: [
      signal(),
      signal({ contact: 'max@acme.pl', topic: 'ERP' }),
      signal({ contact: 'olga@beta.de', topic: 'CRM' }),
    ],
  })
})

const eraseAnna = async () =>
  expect(
    (await t.call('/v1/contacts/anna@acme.pl', { method: 'DELETE', scope: 'admin' })).status,
  ).toBe(200)
const eraseAcme = async () =>
  expect((await t.call('/v1/accounts/acme.pl', { method: 'DELETE', scope: 'admin' })).status).toBe(
    200,
  )
const annaExists = async () =>
  (await t.call('/v1/contacts/anna@acme.pl', { scope: 'read' })).status === 200
const acmeExists = async () =>
  (await t.call('/v1/accounts/acme.pl', { scope: 'read' })).status === 200

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const segment = async (batch: unknown[]) =>
  t.app.request('/v1/batch', {
    method: 'POST',
    headers: { authorization: basic(t.keys.write), 'content-type': 'application/json' },
    body: JSON.stringify({ batch }),
  })
const crm = async (event: Record<string, unknown>) => {
  const body = JSON.stringify({ occurredAt: '2026-11-21T10:00:00Z', ...event })
  const at = Math.floor(Date.parse(NOW) / 1000)
  const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${at}.${body}`).digest('hex')
  return t.app.request('/v1/webhooks/crm', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': `t=${at},v1=${v1}` },
    body,
  })
}
const hubspot = async (events: unknown[]) => {
  const uri = 'http://localhost/v1/webhooks/hubspot'
  const body = JSON.stringify(events)
  const timestamp = String(Date.parse(NOW))
  const signature = createHmac('sha256', HUBSPOT)
    .update(`POST${uri}${body}${timestamp}`)
    .digest('base64')
  return t.app.request(uri, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-request-timestamp': timestamp,
      'x-hubspot-signature-v3': signature,
    },
    body,
  })
}

describe('security: erasure sticks (finding 2)', () => {
  it('a later signal naming an erased person is dropped and counted; the rest of the batch is kept', async () => {
    await eraseAnna()
    const response = await t.json('/v1/signals', 'POST', {
      signals: [signal({ id: 'again' }), signal({ contact: 'max@acme.pl', id: 'max-2' })],
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, suppressed: 1 })
    expect(await annaExists()).toBe(false)
    const ndjson = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify(signal({ id: 'nd', contact: 'ANNA@acme.pl' }))}\n`,
    })
    expect(await ndjson.json()).toEqual({ accepted: 0, duplicates: 0, suppressed: 1 })
    expect(await annaExists()).toBe(false)
  })

  it('PUT /v1/contacts of an erased person answers 409 suppressed, and writes nothing', async () => {
    await eraseAnna()
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/contacts/anna@acme.pl', 'PUT', { name: 'Anna' })
    expect(response.status).toBe(409)
    const problem = await problemOf(response)
    expect(problem.code).toBe('suppressed')
    expect(problem.detail).toMatch(/DELETE \/v1\/suppressions/)
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('Segment identify, and the track and page that follow it, do not bring the person back', async () => {
    await eraseAnna()
    const response = await segment([
      { type: 'identify', userId: 'u-1', traits: { email: 'anna@acme.pl', name: 'Anna' } },
      { type: 'track', userId: 'u-1', event: 'Demo Requested', properties: { topic: 'ERP' } },
      { type: 'page', userId: 'u-1', properties: { url: 'https://vendor.example/pricing' } },
      { type: 'identify', userId: 'u-2', traits: { email: 'jan@acme.pl' } },
    ])
    expect(await response.json()).toEqual({
      success: true,
      processed: 1,
      duplicates: 0,
      skipped: 2,
      // The suppressed identify remembered no user, so what follows names nobody known.
      skips: [
        expect.objectContaining({ index: 1, type: 'track', reason: 'unknown_user' }),
        expect.objectContaining({ index: 2, type: 'page', reason: 'unknown_user' }),
      ],
      suppressed: 1,
    })
    expect(await annaExists()).toBe(false)
  })

  it('the CRM webhook contact.upserted and HubSpot contact e-mail do not bring the person back', async () => {
    await eraseAnna()
    const upsert = await crm({
      id: 'c-1',
      type: 'contact.upserted',
      data: { email: 'anna@acme.pl', name: 'Anna' },
    })
    expect(await upsert.json()).toEqual({
      received: true,
      duplicate: false,
      recorded: null,
      accounts: [],
      suppressed: 1,
    })
    const hub = await hubspot([
      {
        eventId: 1,
        subscriptionType: 'contact.propertyChange',
        objectId: 77,
        propertyName: 'email',
        propertyValue: 'anna@acme.pl',
      },
      {
        eventId: 2,
        subscriptionType: 'contact.propertyChange',
        objectId: 77,
        propertyName: 'jobtitle',
        propertyValue: 'CFO',
      },
    ])
    expect(await hub.json()).toMatchObject({ mapped: 0, unmapped: 1, suppressed: 1 })
    // Not even the CRM's id for her is kept: it would hold her address.
    expect(await t.ctx.store.webhooks.keyOf('hubspot', 'contact', '77')).toBeNull()
    expect(await annaExists()).toBe(false)
  })

  it('intent import contacts and signals drop the erased person and count them', async () => {
    await eraseAnna()
    const dir = mkdtempSync(join(tmpdir(), 'intent-suppressed-'))
    const contacts = join(dir, 'contacts.csv')
    writeFileSync(contacts, 'email,name\nanna@acme.pl,Anna\njan@acme.pl,Jan\n')
    const signals = join(dir, 'signals.ndjson')
    writeFileSync(signals, `${JSON.stringify(signal({ id: 'imp-1' }))}\n`)
    const options = { format: 'csv', rejectsPath: join(dir, 'rejects') } as const
    expect(
      await importFile(t.ctx, { ...options, entity: 'contacts', file: contacts }),
    ).toMatchObject({ rows: 2, imported: 1, rejected: 0, suppressed: 1 })
    expect(
      await importFile(t.ctx, { ...options, format: 'ndjson', entity: 'signals', file: signals }),
    ).toMatchObject({ rows: 1, imported: 0, duplicates: 0, suppressed: 1 })
    expect(await annaExists()).toBe(false)
  })

  it('an erased account stays erased: signals, PUT, Segment, CRM, outcomes and its people', async () => {
    await eraseAcme()
    const signals = await t.json('/v1/signals', 'POST', {
      signals: [
        signal({ id: 's1', contact: undefined, account: 'www.acme.pl' }),
        signal({ id: 's2', contact: 'max@acme.pl' }), // the e-mail names the domain
        signal({ id: 's3', contact: 'olga@beta.de', account: 'acme.pl' }),
        signal({ id: 's4', contact: 'olga@beta.de' }),
      ],
    })
    expect(await signals.json()).toEqual({ accepted: 1, duplicates: 0, suppressed: 3 })
    const outcomes = await t.json('/v1/outcomes', 'POST', {
      outcomes: [{ account: 'acme.pl', type: 'won', occurredAt: '2026-11-21T10:00:00Z' }],
    })
    expect(await outcomes.json()).toEqual({ accepted: 0, duplicates: 0, suppressed: 1 })
    expect((await t.json('/v1/accounts/acme.pl', 'PUT', { name: 'Acme' })).status).toBe(409)
    const seg = await segment([
      { type: 'group', userId: 'u-9', groupId: 'acme.pl', traits: { name: 'Acme' } },
      { type: 'track', event: 'Demo Requested', properties: { account: 'acme.pl' } },
      { type: 'identify', userId: 'u-9', traits: { email: 'max@acme.pl' } },
    ])
    expect(await seg.json()).toMatchObject({ processed: 0, suppressed: 3 })
    const company = await crm({
      id: 'co-1',
      type: 'company.upserted',
      data: { domain: 'acme.pl', name: 'Acme' },
    })
    expect(await company.json()).toMatchObject({ recorded: null, suppressed: 1 })
    const deal = await crm({
      id: 'd-1',
      type: 'deal.stage_changed',
      data: { account: 'acme.pl', dealId: 'D-1', stage: 'closedwon' },
    })
    expect(await deal.json()).toMatchObject({ recorded: null, suppressed: 1 })
    expect(await acmeExists()).toBe(false)
    expect((await t.call('/v1/contacts/max@acme.pl', { scope: 'read' })).status).toBe(404)
  })

  it('an admin lifts a suppression explicitly: 204, audit-logged; then the person may come back', async () => {
    await eraseAnna()
    expect(
      (await t.call('/v1/suppressions/anna@acme.pl', { method: 'DELETE', scope: 'write' })).status,
    ).toBe(403)
    const lifted = await t.call('/v1/suppressions/Anna@ACME.pl', {
      method: 'DELETE',
      scope: 'admin',
    })
    expect(lifted.status).toBe(204)
    expect(
      (await t.call('/v1/suppressions/anna@acme.pl', { method: 'DELETE', scope: 'admin' })).status,
    ).toBe(404)
    const back = await t.json('/v1/signals', 'POST', { signals: [signal({ id: 'back' })] })
    expect(await back.json()).toEqual({ accepted: 1, duplicates: 0 })
    expect(await annaExists()).toBe(true)
    const log = await t.ctx.store.erasure.auditLog(10)
    expect(log.map((entry) => entry.action)).toEqual(['suppression.lifted', 'contact.erased'])
    expect(log[0]!.target_hash).toBe(log[1]!.target_hash)

    await eraseAcme()
    expect(
      (await t.call('/v1/suppressions/www.acme.pl', { method: 'DELETE', scope: 'admin' })).status,
    ).toBe(204)
    expect((await t.json('/v1/accounts/acme.pl', 'PUT', { name: 'Acme' })).status).toBe(201)
  })

  it('the audit log keys its target with an HMAC of the server secret, not a bare SHA-256', async () => {
    await eraseAnna()
    const [entry] = await t.ctx.store.erasure.auditLog(1)
    expect(entry!.target_hash).not.toBe(createHash('sha256').update('anna@acme.pl').digest('hex'))
    expect(entry!.target_hash).toBe(
      createHmac('sha256', t.ctx.erasureSecret).update('contact:anna@acme.pl').digest('hex'),
    )
  })
})
