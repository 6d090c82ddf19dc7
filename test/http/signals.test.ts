import { beforeEach, describe, expect, it } from 'vitest'
import { IngestResultSchema } from '../../src/http/presenters.ts'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const signal = (overrides: Record<string, unknown> = {}) => ({
  type: 'content',
  account: 'acme.com',
  contact: 'anna@acme.com',
  topic: 'Data Warehouse',
  action: 'download_whitepaper',
  occurredAt: '2026-11-20T10:00:00Z',
  ...overrides,
})

async function accountStats(domain: string) {
  const response = await t.call(`/v1/accounts/${domain}`, { scope: 'read' })
  return ((await response.json()) as { stats: { contacts: number; signals: number } }).stats
}

describe('POST /v1/signals', () => {
  it('stores a JSON batch of every type and creates the accounts and contacts it names', async () => {
    const types = [
      'content',
      'search',
      'review',
      'trade_show',
      'email',
      'form',
      'meeting',
      'web_visit',
    ]
    const signals = types.map((type, i) =>
      signal({ type, occurredAt: `2026-11-${10 + i}T10:00:00Z` }),
    )
    const response = await t.json('/v1/signals', 'POST', { signals })
    expect(response.status).toBe(200)
    expect(IngestResultSchema.parse(await response.json())).toEqual({ accepted: 8, duplicates: 0 })
    expect(await accountStats('acme.com')).toMatchObject({ contacts: 1, signals: 8 })
  })

  it('accepts NDJSON, one signal per line, blank lines ignored', async () => {
    const body = [
      signal(),
      '',
      signal({ type: 'web_visit', topic: undefined, url: 'https://vendor.example.com/pricing' }),
    ]
      .map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
      .join('\n')
    const response = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0 })
  })

  it('is idempotent: the same batch twice stores nothing the second time', async () => {
    const batch = {
      signals: [
        signal({ id: 'evt-1' }),
        signal(), // no id: deduplicated by its content
        signal({ type: 'email', action: 'open', topic: null }),
      ],
    }
    expect(await (await t.json('/v1/signals', 'POST', batch)).json()).toEqual({
      accepted: 3,
      duplicates: 0,
    })
    const digest = await contentDigest(t.ctx.store)
    t.clock.set('2026-11-25T13:00:00Z')
    expect(await (await t.json('/v1/signals', 'POST', batch)).json()).toEqual({
      accepted: 0,
      duplicates: 3,
    })
    expect(await contentDigest(t.ctx.store)).toBe(digest)
  })

  it('treats normalized equals as the same signal: URL vs domain, case of e-mail and topic', async () => {
    await t.json('/v1/signals', 'POST', { signals: [signal()] })
    const replay = signal({
      account: 'https://www.ACME.com/',
      contact: 'Anna@Acme.com',
      topic: ' data  warehouse ',
    })
    expect(await (await t.json('/v1/signals', 'POST', { signals: [replay] })).json()).toEqual({
      accepted: 0,
      duplicates: 1,
    })
  })

  it('counts a duplicate inside one batch once', async () => {
    const response = await t.json('/v1/signals', 'POST', {
      signals: [signal({ id: 'x' }), signal({ id: 'x' })],
    })
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 1 })
  })

  it('derives the account from the contact e-mail when none is given', async () => {
    await t.json('/v1/signals', 'POST', {
      signals: [signal({ account: undefined, contact: 'piotr@sklep.acme.com.pl' })],
    })
    expect(await accountStats('acme.com.pl')).toMatchObject({ contacts: 1, signals: 1 })
  })

  it('keeps a signal of a free-mail contact on the person and creates no account', async () => {
    const response = await t.json('/v1/signals', 'POST', {
      signals: [signal({ account: undefined, contact: 'someone@gmail.com' })],
    })
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 })
    expect((await t.call('/v1/accounts/gmail.com', { scope: 'read' })).status).toBe(404)
    const contact = (await (
      await t.call('/v1/contacts/someone@gmail.com', { scope: 'read' })
    ).json()) as { account: string | null }
    expect(contact.account).toBeNull()
  })

  it('links a free-mail contact to the account a signal names, with its earlier signals', async () => {
    await t.json('/v1/signals', 'POST', {
      signals: [signal({ account: undefined, contact: 'ivan@mail.ru' })],
    })
    await t.json('/v1/signals', 'POST', {
      signals: [
        signal({ account: 'acme.ru', contact: 'ivan@mail.ru', type: 'meeting', topic: 'ERP' }),
      ],
    })
    expect(await accountStats('acme.ru')).toMatchObject({ contacts: 1, signals: 2 })
  })

  it('refuses a batch with any invalid signal whole, listing every issue with its index and path', async () => {
    await t.json('/v1/signals', 'POST', { signals: [signal({ id: 'kept' })] })
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/signals', 'POST', {
      signals: [
        signal({ id: 'good-1' }),
        signal({ type: 'rumour' }),
        signal({ account: undefined, contact: undefined }),
        signal({ topic: undefined }),
        signal({ occurredAt: '20/11/2026' }),
        signal({ occurredAt: '2031-01-01T00:00:00Z' }),
        signal({ contact: 'not-an-email', account: 'localhost' }),
        signal({ weight: -2, durationSeconds: 1.5, url: 'javascript:alert(1)', extra: true }),
      ],
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.code).toBe('validation_failed')
    expect(problem.detail).toMatch(/nothing was written/)
    const pointers = problem.issues!.map((issue) => issue.pointer)
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/signals/1/type',
        '/signals/2/account',
        '/signals/3/topic',
        '/signals/4/occurredAt',
        '/signals/5/occurredAt',
        '/signals/6/contact',
        '/signals/6/account',
        '/signals/7/weight',
        '/signals/7/durationSeconds',
        '/signals/7/url',
        '/signals/7/extra',
      ]),
    )
    expect(pointers.some((pointer) => pointer.startsWith('/signals/0'))).toBe(false)
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('reports each broken NDJSON line by its line number, writing nothing', async () => {
    const before = await contentDigest(t.ctx.store)
    const body = `${JSON.stringify(signal())}\n{"type": "content",\n${JSON.stringify(signal({ type: 'nope' }))}\n`
    const response = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues).toEqual([
      expect.objectContaining({ path: ['signals', 1], message: 'line 2 is not valid JSON' }),
    ])
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it.each([
    ['an empty list', { signals: [] }, /at least one signal/],
    ['no signals field', { events: [] }, /is not a known field|expected array/],
    ['a bare array', [signal()], /expected object/],
  ])('refuses %s', async (_, body, message) => {
    const response = await t.json('/v1/signals', 'POST', body)
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues!.map((issue) => issue.message).join(' ')).toMatch(message)
  })

  it('refuses more than 5,000 signals per request', async () => {
    const signals = Array.from({ length: 5001 }, (_, i) => signal({ id: `s${i}` }))
    const response = await t.json('/v1/signals', 'POST', { signals })
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues![0]!.message).toMatch(/at most 5000/)
  })

  it('answers malformed JSON with 400, a wrong content type with 415, a missing body with 400', async () => {
    const malformed = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"signals": [',
    })
    expect(malformed.status).toBe(400)
    expect((await problemOf(malformed)).code).toBe('bad_request')

    const wrongType = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b',
    })
    expect(wrongType.status).toBe(415)
    expect((await problemOf(wrongType)).code).toBe('unsupported_media_type')

    const noBody = await t.call('/v1/signals', { method: 'POST' })
    expect(noBody.status).toBe(400)
  })

  it('answers 413 for a body over the limit, before reading it all', async () => {
    const small = await buildTestApp({ MAX_BODY_BYTES: 2048 })
    const signals = Array.from({ length: 40 }, (_, i) => signal({ id: `s${i}` }))
    const response = await small.json('/v1/signals', 'POST', { signals })
    expect(response.status).toBe(413)
    expect((await problemOf(response)).code).toBe('payload_too_large')
  })
})

describe('POST /v1/outcomes', () => {
  const outcome = (overrides: Record<string, unknown> = {}) => ({
    account: 'acme.com',
    type: 'opportunity',
    occurredAt: '2026-11-01T00:00:00Z',
    amount: 50_000,
    ...overrides,
  })

  it('stores outcomes idempotently and creates the account', async () => {
    const batch = {
      outcomes: [
        outcome({ id: 'opp-1' }),
        outcome({ type: 'won', occurredAt: '2026-11-20T00:00:00Z' }),
      ],
    }
    expect(await (await t.json('/v1/outcomes', 'POST', batch)).json()).toEqual({
      accepted: 2,
      duplicates: 0,
    })
    expect(await (await t.json('/v1/outcomes', 'POST', batch)).json()).toEqual({
      accepted: 0,
      duplicates: 2,
    })
    expect((await t.call('/v1/accounts/acme.com', { scope: 'read' })).status).toBe(200)
  })

  it('accepts NDJSON', async () => {
    const body = `${JSON.stringify(outcome())}\n${JSON.stringify(outcome({ type: 'lost' }))}`
    const response = await t.call('/v1/outcomes', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    })
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0 })
  })

  it('refuses the batch whole when any outcome is invalid', async () => {
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/outcomes', 'POST', {
      outcomes: [
        outcome(),
        outcome({ type: 'maybe', amount: -5 }),
        outcome({ account: undefined }),
      ],
    })
    expect(response.status).toBe(400)
    const pointers = (await problemOf(response)).issues!.map((issue) => issue.pointer)
    expect(pointers).toEqual(
      expect.arrayContaining(['/outcomes/1/type', '/outcomes/1/amount', '/outcomes/2/account']),
    )
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })
})
