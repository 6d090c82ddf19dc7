import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const send = (path: string, body: unknown, key = t.keys.write) =>
  t.app.request(path, {
    method: 'POST',
    headers: { authorization: basic(key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

const batch = {
  batch: [
    {
      type: 'identify',
      messageId: 'm-1',
      userId: 'u-42',
      timestamp: '2026-11-20T09:00:00Z',
      traits: {
        email: 'Anna.Nowak@Acme.PL',
        firstName: 'Anna',
        lastName: 'Nowak',
        title: 'Dyrektor Finansowy',
      },
    },
    {
      type: 'group',
      messageId: 'm-2',
      userId: 'u-42',
      groupId: 'crm-123',
      traits: {
        website: 'https://www.acme.pl',
        name: 'Acme',
        industry: 'Manufacturing',
        employees: 250,
      },
    },
    {
      type: 'track',
      messageId: 'm-3',
      userId: 'u-42',
      event: 'Demo Requested',
      properties: { topic: 'Data Warehouse' },
      timestamp: '2026-11-21T10:00:00Z',
    },
    {
      type: 'track',
      messageId: 'm-4',
      userId: 'u-42',
      event: 'Email Opened',
      timestamp: '2026-11-21T11:00:00Z',
    },
    {
      type: 'track',
      messageId: 'm-5',
      userId: 'u-42',
      event: 'Confetti Launched',
      timestamp: '2026-11-21T12:00:00Z',
    },
    {
      type: 'page',
      messageId: 'm-6',
      userId: 'u-42',
      properties: { url: 'https://vendor.example/pricing' },
      timestamp: '2026-11-21T13:00:00Z',
    },
    { type: 'track', messageId: 'm-7', anonymousId: 'anon-1', event: 'Email Opened' },
  ],
  sentAt: '2026-11-21T13:00:05Z',
}

describe('Segment-compatible intake', () => {
  it('turns identify, group, track and page into a contact, an account, a link and signals', async () => {
    const response = await send('/v1/batch', batch)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      success: true,
      processed: 6,
      duplicates: 0,
      skipped: 1,
      skips: [
        {
          index: 6,
          messageId: 'm-7',
          type: 'track',
          reason: 'unknown_user',
          message: expect.stringMatching(/userId identified before/),
        },
      ],
    })

    const contact = (await (
      await t.call('/v1/contacts/anna.nowak@acme.pl', { scope: 'read' })
    ).json()) as Record<string, unknown>
    expect(contact).toMatchObject({
      name: 'Anna Nowak',
      title: 'Dyrektor Finansowy',
      account: 'acme.pl',
    })
    const account = (await (
      await t.call('/v1/accounts/acme.pl?asOf=2026-11-22T00:00:00Z', { scope: 'read' })
    ).json()) as {
      name: string
      employees: number
      stats: { signals: number; contacts: number }
      topics: { topic: string }[]
    }
    expect(account).toMatchObject({
      name: 'Acme',
      employees: 250,
      stats: { signals: 4, contacts: 1 },
    })
    expect(account.topics.map((topic) => topic.topic)).toEqual(['Data Warehouse'])
  })

  it('is idempotent by messageId: the same batch twice changes nothing', async () => {
    await send('/v1/batch', batch)
    const digest = await contentDigest(t.ctx.store)
    const again = await send('/v1/batch', batch)
    expect(await again.json()).toEqual({ success: true, processed: 0, duplicates: 7, skipped: 0 })
    expect(await contentDigest(t.ctx.store)).toBe(digest)
  })

  it('says why each skipped message was skipped (issue 18)', async () => {
    const response = await send('/v1/batch', {
      batch: [
        { type: 'identify', messageId: 's-1', userId: 'u-1', traits: { email: 'not an address' } },
        { type: 'group', messageId: 's-2', groupId: 'crm-7', traits: { name: 'Nameless' } },
        { type: 'track', messageId: 's-3', anonymousId: 'a-1', event: 'Email Opened' },
        { type: 'track', event: 'Demo Requested', properties: { account: 'not a domain' } },
        { type: 'screen', messageId: 's-5', name: 'Home' },
        { type: 'identify', messageId: 's-6', traits: { email: 'eva@acme.pl' } },
      ],
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      processed: number
      skipped: number
      skips: { index: number; messageId?: string; type: string; reason: string; message: string }[]
    }
    expect(body).toMatchObject({ processed: 1, skipped: 5 })
    expect(
      body.skips.map(({ index, messageId, type, reason }) => ({ index, messageId, type, reason })),
    ).toEqual([
      { index: 0, messageId: 's-1', type: 'identify', reason: 'no_email' },
      { index: 1, messageId: 's-2', type: 'group', reason: 'no_domain' },
      { index: 2, messageId: 's-3', type: 'track', reason: 'unknown_user' },
      { index: 3, messageId: undefined, type: 'track', reason: 'invalid_signal' },
      { index: 4, messageId: 's-5', type: 'screen', reason: 'unsupported_type' },
    ])
    expect(body.skips[0]!.message).toMatch(/traits\.email/)
    expect(body.skips[3]!.message).toMatch(/^the signal it maps to is invalid \(account: .+\)$/)
    expect(body.skips[3]).not.toHaveProperty('messageId')
  })

  it('lists the first 100 skips and counts them all', async () => {
    const batch = Array.from({ length: 120 }, (_, i) => ({ type: 'alias', messageId: `al-${i}` }))
    const body = (await (await send('/v1/batch', { batch })).json()) as {
      skipped: number
      skips: { index: number }[]
    }
    expect(body.skipped).toBe(120)
    expect(body.skips.map((skip) => skip.index)).toEqual([...Array(100).keys()])
  })

  it('takes single calls at /v1/identify, /v1/group, /v1/track and /v1/page', async () => {
    expect(
      (await send('/v1/identify', { userId: 'u1', traits: { email: 'max@mueller.de' } })).status,
    ).toBe(200)
    expect(
      (await send('/v1/group', { userId: 'u1', groupId: 'mueller.de', traits: { name: 'Müller' } }))
        .status,
    ).toBe(200)
    const tracked = await send('/v1/track', {
      userId: 'u1',
      event: 'Webinar Attended',
      properties: { category: 'ERP' },
      messageId: 'x1',
    })
    expect(await tracked.json()).toMatchObject({ processed: 1 })
    expect(
      (await send('/v1/page', { userId: 'u1', properties: { url: 'https://vendor.example/erp' } }))
        .status,
    ).toBe(200)
    const account = (await (await t.call('/v1/accounts/mueller.de', { scope: 'read' })).json()) as {
      stats: { signals: number }
    }
    expect(account.stats.signals).toBe(2)
  })

  it('answers 400 only for malformed payloads, listing the issues; nothing is written', async () => {
    const before = await contentDigest(t.ctx.store)
    const response = await send('/v1/batch', {
      batch: [{ type: 'identify', traits: {} }, { type: 'explode' }, 'nope'],
    })
    expect(response.status).toBe(400)
    const pointers = (await problemOf(response)).issues!.map((issue) => issue.pointer)
    expect(pointers).toEqual(expect.arrayContaining(['/batch/1/type', '/batch/2']))
    expect(await contentDigest(t.ctx.store)).toBe(before)
    const malformed = await t.app.request('/v1/batch', {
      method: 'POST',
      headers: { authorization: basic(t.keys.write), 'content-type': 'application/json' },
      body: '{"batch": [',
    })
    expect(malformed.status).toBe(400)
  })

  it('refuses a message over 32 KB', async () => {
    const response = await send('/v1/track', {
      userId: 'u1',
      event: 'x',
      properties: { blob: 'x'.repeat(33 * 1024) },
    })
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues![0]!.message).toMatch(/32 KB/)
  })

  it('needs a write key as the Basic user name', async () => {
    expect((await send('/v1/batch', batch, 'ik_not_a_key')).status).toBe(401)
    expect((await send('/v1/batch', batch, t.keys.read)).status).toBe(403)
    expect(
      (
        await t.app.request('/v1/batch', {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(401)
  })
})
