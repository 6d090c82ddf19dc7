import { createHmac } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, NOW, problemOf, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

const SECRET = 'crm-webhook-secret-0123456789'
const HUBSPOT = 'hubspot-client-secret'
let t: TestApp
beforeEach(async () => {
  t = await buildTestApp({ WEBHOOK_SECRET: SECRET, HUBSPOT_CLIENT_SECRET: HUBSPOT })
})

const now = () => Math.floor(Date.parse(NOW) / 1000)
const sign = (body: string, at = now(), secret = SECRET) =>
  `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`
const post = (body: string, signature: string | undefined) =>
  t.app.request('/v1/webhooks/crm', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature && { 'x-signature': signature }) },
    body,
  })

const company = JSON.stringify({
  id: 'evt-1',
  type: 'company.upserted',
  occurredAt: '2026-11-20T10:00:00Z',
  data: { domain: 'https://www.acme.pl', name: 'Acme', employees: 250 },
})
const deal = (id: string, stage: string) =>
  JSON.stringify({
    id,
    type: 'deal.stage_changed',
    occurredAt: '2026-11-21T10:00:00Z',
    data: { account: 'acme.pl', dealId: 'D-9', stage, amount: 50_000 },
  })

describe('POST /v1/webhooks/crm', () => {
  it('applies a validly signed event and answers with the score of the account it touched', async () => {
    const response = await post(company, sign(company))
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      duplicate: boolean
      recorded: string
      accounts: { domain: string; score: number }[]
    }
    expect(body).toMatchObject({ duplicate: false, recorded: 'account' })
    expect(body.accounts).toEqual([
      expect.objectContaining({ domain: 'acme.pl', score: expect.any(Number) }),
    ])
    const account = (await (await t.call('/v1/accounts/acme.pl', { scope: 'read' })).json()) as {
      name: string
    }
    expect(account.name).toBe('Acme')
  })

  it('maps deal stages to outcomes, once per deal and outcome', async () => {
    await post(company, sign(company))
    expect(
      (
        (await (
          await post(deal('e2', 'appointmentscheduled'), sign(deal('e2', 'appointmentscheduled')))
        ).json()) as { recorded: string }
      ).recorded,
    ).toBe('opportunity')
    expect(
      (
        (await (await post(deal('e3', 'Closed Won'), sign(deal('e3', 'Closed Won')))).json()) as {
          recorded: string
        }
      ).recorded,
    ).toBe('won')
    expect(
      (
        (await (await post(deal('e4', 'prospecting'), sign(deal('e4', 'prospecting')))).json()) as {
          recorded: string | null
        }
      ).recorded,
    ).toBeNull()
    const outcomes = await t.ctx.store.outcomes.forAccount('acme.pl', Date.parse(NOW))
    expect(outcomes.map((o) => o.type)).toEqual(['opportunity', 'won'])
  })

  it('treats a replayed id as a no-op', async () => {
    await post(company, sign(company))
    const digest = await contentDigest(t.ctx.store)
    const again = await post(company, sign(company))
    expect(((await again.json()) as { duplicate: boolean }).duplicate).toBe(true)
    expect(await contentDigest(t.ctx.store)).toBe(digest)
  })

  it.each([
    ['no signature', undefined, /missing/],
    ['a tampered body', sign(company.replace('Acme', 'Evil')), /does not match/],
    ['another secret', sign(company, now(), 'some-other-secret-000000'), /does not match/],
    ['an expired timestamp', sign(company, now() - 301), /5 minutes/],
    ['a garbled header', 'v1=abc', /not t=/],
  ])('refuses %s with 401 and writes nothing', async (_, signature, reason) => {
    const before = await contentDigest(t.ctx.store)
    const response = await post(company, signature)
    expect(response.status).toBe(401)
    expect((await problemOf(response)).detail).toMatch(reason)
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('lists every invalid field of a signed but bad event', async () => {
    const bad = JSON.stringify({
      id: 'e9',
      type: 'deal.stage_changed',
      occurredAt: 'soon',
      data: { account: 'localhost', stage: '' },
    })
    const response = await post(bad, sign(bad))
    expect(response.status).toBe(400)
    const pointers = (await problemOf(response)).issues!.map((issue) => issue.pointer).sort()
    expect(pointers).toEqual(['/data/account', '/data/dealId', '/data/stage', '/occurredAt'])
  })

  it('is off until WEBHOOK_SECRET is set', async () => {
    const off = await buildTestApp()
    const response = await off.app.request('/v1/webhooks/crm', {
      method: 'POST',
      body: company,
      headers: { 'x-signature': sign(company) },
    })
    expect(response.status).toBe(403)
    expect((await problemOf(response)).detail).toMatch(/WEBHOOK_SECRET/)
  })
})

describe('POST /v1/webhooks/hubspot', () => {
  const uri = 'http://localhost/v1/webhooks/hubspot'
  /** HubSpot's v3 signature, computed here from its documentation, independently of the service. */
  const hubspotSignature = (body: string, timestamp: string, secret = HUBSPOT) =>
    createHmac('sha256', secret).update(`POST${uri}${body}${timestamp}`).digest('base64')
  const send = (events: unknown[], options: { timestamp?: string; tamper?: boolean } = {}) => {
    const body = JSON.stringify(events)
    const timestamp = options.timestamp ?? String(Date.parse(NOW))
    return t.app.request(uri, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-request-timestamp': timestamp,
        'x-hubspot-signature-v3': hubspotSignature(options.tamper ? `${body} ` : body, timestamp),
      },
      body,
    })
  }
  const events = [
    {
      eventId: 1,
      subscriptionType: 'company.propertyChange',
      objectId: 501,
      propertyName: 'domain',
      propertyValue: 'mueller-gmbh.de',
      occurredAt: 1,
    },
    {
      eventId: 2,
      subscriptionType: 'company.propertyChange',
      objectId: 501,
      propertyName: 'name',
      propertyValue: 'Müller GmbH',
    },
    {
      eventId: 3,
      subscriptionType: 'company.propertyChange',
      objectId: 501,
      propertyName: 'numberofemployees',
      propertyValue: '120',
    },
    {
      eventId: 4,
      subscriptionType: 'contact.propertyChange',
      objectId: 77,
      propertyName: 'email',
      propertyValue: 'max@mueller-gmbh.de',
    },
    {
      eventId: 5,
      subscriptionType: 'contact.propertyChange',
      objectId: 77,
      propertyName: 'jobtitle',
      propertyValue: 'Leiter Einkauf',
    },
    {
      eventId: 6,
      subscriptionType: 'deal.propertyChange',
      objectId: 9,
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
    },
    {
      eventId: 7,
      subscriptionType: 'company.propertyChange',
      objectId: 999,
      propertyName: 'name',
      propertyValue: 'Unknown Co',
    },
  ]

  it('verifies the v3 signature and maps what the events carry', async () => {
    const response = await send(events)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ mapped: 5, unmapped: 2, duplicates: 0 })
    const account = (await (
      await t.call('/v1/accounts/mueller-gmbh.de', { scope: 'read' })
    ).json()) as { name: string; employees: number }
    expect(account).toMatchObject({ name: 'Müller GmbH', employees: 120 })
    const contact = (await (
      await t.call('/v1/contacts/max@mueller-gmbh.de', { scope: 'read' })
    ).json()) as { title: string }
    expect(contact.title).toBe('Leiter Einkauf')
  })

  it('skips eventIds it has seen', async () => {
    await send(events)
    expect(await (await send(events)).json()).toMatchObject({
      mapped: 0,
      unmapped: 0,
      duplicates: 7,
    })
  })

  it('refuses a tampered body or a timestamp older than five minutes', async () => {
    expect((await send(events, { tamper: true })).status).toBe(401)
    expect((await send(events, { timestamp: String(Date.parse(NOW) - 301_000) })).status).toBe(401)
  })
})

describe('security: webhook signatures over the raw bytes (finding 2)', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf])
  const hmacHex = (...parts: (string | Buffer)[]) => {
    const mac = createHmac('sha256', SECRET)
    for (const part of parts) mac.update(part)
    return mac.digest('hex')
  }
  /** Signed over exactly these bytes, as a sender that signs what it sends would. */
  const signBytes = (bytes: Buffer, at = now()) => `t=${at},v1=${hmacHex(`${at}.`, bytes)}`
  const postBytes = (bytes: Buffer, signature: string) =>
    t.app.request('/v1/webhooks/crm', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body: bytes,
    })
  const withBom = Buffer.concat([BOM, Buffer.from(company)])
  // A 0xff byte inside the company name: never valid UTF-8, decoded leniently as U+FFFD.
  const [head, tail] = company.split('Acme') as [string, string]
  const withFf = Buffer.concat([Buffer.from(`${head}Acme`), Buffer.from([0xff]), Buffer.from(tail)])
  const unchanged = async (response: Response, status: number, reason: RegExp) => {
    expect(response.status).toBe(status)
    expect((await problemOf(response)).detail).toMatch(reason)
    expect(await t.ctx.store.accounts.get('acme.pl')).toBeNull()
  }

  it('refuses a body with a BOM signed without it (the signature must cover every byte)', async () => {
    await unchanged(await postBytes(withBom, sign(company)), 401, /does not match/)
  })

  it('accepts a body with a BOM signed over its raw bytes, and parses it', async () => {
    const response = await postBytes(withBom, signBytes(withBom))
    expect(response.status).toBe(200)
    expect(await t.ctx.store.accounts.get('acme.pl')).toMatchObject({ name: 'Acme' })
  })

  it('refuses a body with a 0xff byte signed over its lenient decoding (U+FFFD)', async () => {
    const lenient = withFf.toString('utf8')
    expect(lenient).toContain('\uFFFD')
    await unchanged(await postBytes(withFf, sign(lenient)), 401, /does not match/)
  })

  it('refuses a correctly signed body that is not UTF-8 with 400, writing nothing', async () => {
    await unchanged(await postBytes(withFf, signBytes(withFf)), 400, /UTF-8/)
  })

  it.each([
    ['a decimal point', `${now()}.0`],
    ['an exponent', `${now()}e0`],
    ['a plus sign', `+${now()}`],
    ['a leading space', ` ${now()}`],
    ['hex', `0x${now().toString(16)}`],
  ])('refuses a timestamp with %s (digits only) with 401', async (_, at) => {
    // Signed both ways: over the timestamp as sent and over the number it parses to.
    for (const signed of [at, String(now())]) {
      const header = `t=${at},v1=${hmacHex(`${signed}.${company}`)}`
      await unchanged(await post(company, header), 401, /not t=/)
    }
  })

  it('refuses two timestamps in one header', async () => {
    const header = `t=${now()},${sign(company)}`
    await unchanged(await post(company, header), 401, /not t=/)
  })
})

describe('security: HubSpot v3 signature over the raw bytes (finding 2)', () => {
  const uri = 'http://localhost/v1/webhooks/hubspot'
  const events = JSON.stringify([
    {
      eventId: 1,
      subscriptionType: 'company.propertyChange',
      objectId: 501,
      propertyName: 'domain',
      propertyValue: 'mueller-gmbh.de',
    },
  ])
  const signature = (body: string | Buffer, timestamp: string) =>
    createHmac('sha256', HUBSPOT)
      .update(`POST${uri}`)
      .update(body)
      .update(timestamp)
      .digest('base64')
  const send = (body: Buffer, signed: string | Buffer, timestamp = String(Date.parse(NOW))) =>
    t.app.request(uri, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-request-timestamp': timestamp,
        'x-hubspot-signature-v3': signature(signed, timestamp),
      },
      body,
    })
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(events)])
  const withFf = Buffer.from(events.replace('mueller-gmbh.de', 'mueller-gmbh.de\u0000'))
  withFf[withFf.indexOf(0)] = 0xff

  it('signs the raw body: a BOM counts, signed with it is accepted, without it refused', async () => {
    expect((await send(withBom, events)).status).toBe(401)
    expect((await send(withBom, withBom)).status).toBe(200)
  })

  it('refuses a 0xff byte signed as U+FFFD (401), and signed raw but not UTF-8 (400)', async () => {
    expect((await send(withFf, withFf.toString('utf8'))).status).toBe(401)
    const response = await send(withFf, withFf)
    expect(response.status).toBe(400)
    expect((await problemOf(response)).detail).toMatch(/UTF-8/)
  })

  it.each([
    ['a decimal point', `${Date.parse(NOW)}.0`],
    ['an exponent', `${Date.parse(NOW) / 1000}e3`],
    ['a plus sign', `+${Date.parse(NOW)}`],
  ])('refuses a timestamp with %s (digits only)', async (_, timestamp) => {
    const response = await send(Buffer.from(events), events, timestamp)
    expect(response.status).toBe(401)
  })
})
