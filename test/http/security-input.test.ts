import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { importFile } from '../../src/jobs/import.ts'
import { buildTestApp, NOW, problemOf, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

const WEBHOOK_SECRET = 'crm-webhook-secret-0123456789'
let t: TestApp
beforeEach(async () => {
  t = await buildTestApp({ WEBHOOK_SECRET })
})

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const LONE = 'a\ud800b'
const signal = (overrides: Record<string, unknown> = {}) => ({
  type: 'content',
  account: 'acme.com',
  topic: 'Data Warehouse',
  occurredAt: '2026-11-20T10:00:00Z',
  ...overrides,
})

/** A refused request: 400 problem+json naming every path, and not one byte written. */
async function expectRefused(send: () => Promise<Response>, paths: (string | number)[][]) {
  const before = await contentDigest(t.ctx.store)
  const response = await send()
  expect(response.status).toBe(400)
  const problem = await problemOf(response)
  expect(problem.issues!.map((issue) => issue.path)).toEqual(expect.arrayContaining(paths))
  expect(await contentDigest(t.ctx.store)).toBe(before)
  return problem
}

describe('security: lone surrogates are refused (finding 5)', () => {
  it('in account fields, attributes keys and values', async () => {
    const problem = await expectRefused(
      () =>
        t.json('/v1/accounts/acme.com', 'PUT', {
          name: LONE,
          technologies: ['SAP', `x${'\udc00'}`],
          attributes: { ok: 'fine', bad: LONE, [`k${'\ud800'}`]: 1 },
        }),
      [['name'], ['technologies', 1], ['attributes', 'bad']],
    )
    expect(problem.issues!.find((i) => i.path[0] === 'name')!.message).toMatch(/unpaired/)
  })

  it('in contact fields', async () => {
    await expectRefused(
      () => t.json('/v1/contacts/anna@acme.com', 'PUT', { name: 'Anna', title: LONE }),
      [['title']],
    )
  })

  it('in signals, JSON and NDJSON', async () => {
    await expectRefused(
      () =>
        t.json('/v1/signals', 'POST', {
          signals: [signal(), signal({ topic: LONE }), signal({ action: LONE, id: LONE })],
        }),
      [
        ['signals', 1, 'topic'],
        ['signals', 2, 'action'],
        ['signals', 2, 'id'],
      ],
    )
    await expectRefused(
      () =>
        t.call('/v1/signals', {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson' },
          body: `${JSON.stringify(signal())}\n${JSON.stringify(signal({ source: LONE }))}\n`,
        }),
      [['signals', 1, 'source']],
    )
  })

  it('in Segment messages, which reach contacts without the API schemas', async () => {
    await expectRefused(
      async () =>
        t.app.request('/v1/batch', {
          method: 'POST',
          headers: { authorization: basic(t.keys.write), 'content-type': 'application/json' },
          body: JSON.stringify({
            batch: [
              {
                type: 'identify',
                messageId: 'm-1',
                userId: 'u-1',
                traits: { email: 'anna@acme.com', name: LONE },
              },
            ],
          }),
        }),
      [['batch', 0, 'traits', 'name']],
    )
  })
})

describe('security: a leaderboard cursor must hold what its sort needs (finding 5)', () => {
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

  it.each([
    ['a non-numeric score', 'score', { v: 1, score: 'abc', domain: 'acme.com' }],
    ['a score out of range', 'score', { v: 1, score: 1e9, domain: 'acme.com' }],
    ['no domain', 'score', { v: 1, score: 50 }],
    ['a domain-sort cursor', 'score', { v: 1, after: 'acme.com' }],
    ['a score-sort cursor', 'domain', { v: 1, score: 50, domain: 'acme.com' }],
    ['a non-string position', 'domain', { v: 1, after: { $gt: '' } }],
  ])('answers 400 for %s (sort=%s), naming the cursor', async (_, sort, value) => {
    await t.json('/v1/signals', 'POST', { signals: [signal()] })
    await t.call('/v1/accounts/acme.com', { scope: 'read' })
    const response = await t.call(`/v1/accounts?sort=${sort}&cursor=${cursor(value)}`, {
      scope: 'read',
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues).toEqual([
      expect.objectContaining({ in: 'query', path: ['cursor'], code: 'invalid_cursor' }),
    ])
  })
})

/** JSON text nested `depth` objects deep, built as text: JSON.stringify itself overflows on it. */
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const DEEP = deepObject(300_000)
const sendJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  t.call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

/** The one issue of a too-deep value: at the path where it passes the limit, under `prefix`. */
function expectDepthIssue(
  problem: Awaited<ReturnType<typeof problemOf>>,
  prefix: (string | number)[],
) {
  expect(problem.issues).toHaveLength(1)
  const [issue] = problem.issues!
  expect(issue!.message).toMatch(/must not nest deeper than 32 levels/)
  expect(issue!.path.slice(0, prefix.length)).toEqual(prefix)
  expect(issue!.path.slice(prefix.length).every((part) => part === 'a')).toBe(true)
  expect(issue!.path.length).toBeLessThanOrEqual(33)
}

describe('security: deep nesting answers 400 with the path, not 500 (finding 3)', () => {
  it('PUT /v1/accounts with attributes 300,000 deep', async () => {
    const before = await contentDigest(t.ctx.store)
    const response = await t.call('/v1/accounts/acme.com', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: `{"name":"Acme","attributes":${DEEP}}`,
    })
    expect(response.status).toBe(400)
    expectDepthIssue(await problemOf(response), ['attributes'])
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('POST /v1/signals, JSON and NDJSON', async () => {
    const good = JSON.stringify(signal())
    const json = await sendJson(
      '/v1/signals',
      `{"signals":[${good},{"type":"content","topic":${DEEP}}]}`,
    )
    expect(json.status).toBe(400)
    expectDepthIssue(await problemOf(json), ['signals', 1, 'topic'])
    const ndjson = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${good}\n{"type":"content","topic":${DEEP}}\n`,
    })
    expect(ndjson.status).toBe(400)
    expectDepthIssue(await problemOf(ndjson), ['signals', 1, 'topic'])
  })

  it('POST /v1/batch (Segment) with properties, traits or context 300,000 deep', async () => {
    for (const field of ['properties', 'traits', 'context']) {
      const response = await t.app.request('/v1/batch', {
        method: 'POST',
        headers: { authorization: basic(t.keys.write), 'content-type': 'application/json' },
        body: `{"batch":[{"type":"track","event":"x","userId":"u","${field}":${DEEP}}]}`,
      })
      expect(response.status).toBe(400)
      expectDepthIssue(await problemOf(response), ['batch', 0, field])
    }
    const single = await t.app.request('/v1/track', {
      method: 'POST',
      headers: { authorization: basic(t.keys.write), 'content-type': 'application/json' },
      body: `{"event":"x","userId":"u","properties":${DEEP}}`,
    })
    expect(single.status).toBe(400)
    expectDepthIssue(await problemOf(single), ['properties'])
  })

  it('the signed CRM webhook', async () => {
    const signed = (attributes: string) => {
      const body = `{"id":"e1","type":"company.upserted","occurredAt":"2026-11-20T10:00:00Z","data":{"domain":"acme.com","attributes":${attributes}}}`
      const at = Math.floor(Date.parse(NOW) / 1000)
      const signature = `t=${at},v1=${createHmac('sha256', WEBHOOK_SECRET).update(`${at}.${body}`).digest('hex')}`
      return t.app.request('/v1/webhooks/crm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body,
      })
    }
    const before = await contentDigest(t.ctx.store)
    // 300,000 deep is over the webhooks' 1 MiB body limit: refused before it is read.
    expect((await signed(DEEP)).status).toBe(413)
    // 100,000 deep fits in the limit: refused by depth, with the path.
    const response = await signed(deepObject(100_000))
    expect(response.status).toBe(400)
    expectDepthIssue(await problemOf(response), ['data', 'attributes'])
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('intent import: the deep row is rejected with its path, the others imported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-deep-'))
    const ndjson = join(dir, 'accounts.ndjson')
    writeFileSync(ndjson, `{"domain":"ok.com"}\n{"domain":"deep.com","attributes":${DEEP}}\n`)
    const csv = join(dir, 'accounts.csv')
    const deepArray = `${'['.repeat(300_000)}${']'.repeat(300_000)}`
    writeFileSync(csv, `domain,attributes\nok2.com,\ndeep2.com,"{""a"":${deepArray}}"\n`)
    for (const [file, format] of [
      [ndjson, 'ndjson'],
      [csv, 'csv'],
    ] as const) {
      const rejectsPath = `${file}.rejects`
      const summary = await importFile(t.ctx, { entity: 'accounts', file, format, rejectsPath })
      expect(summary).toMatchObject({ rows: 2, imported: 1, rejected: 1 })
      const [reject] = readFileSync(rejectsPath, 'utf8')
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as { line: number; issues: { path: string; message: string }[] },
        )
      expect(reject!.line).toBe(format === 'csv' ? 3 : 2)
      expect(reject!.issues).toEqual([
        {
          path: expect.stringMatching(/^attributes\.a/),
          message: expect.stringMatching(/deeper than 32/),
        },
      ])
    }
    expect(await t.ctx.store.accounts.find('deep.com')).toBeNull()
    expect(await t.ctx.store.accounts.find('ok.com')).not.toBeNull()
  })
})

describe('security: mixed-script look-alike domains over HTTP (finding 5)', () => {
  it('a write naming a look-alike domain is refused with the reason, nothing written', async () => {
    const problem = await expectRefused(
      async () => t.json('/v1/accounts/%D0%B0cme.com', 'PUT', { name: 'Acme' }),
      [['domain']],
    )
    expect(problem.issues![0]!.message).toMatch(/mixes scripts \(Cyrillic and Latin\)/)
    await expectRefused(
      async () =>
        t.json('/v1/signals', 'POST', {
          signals: [signal({ account: 'аcme.com' }), signal({ contact: 'jan@gοogle.com' })],
        }),
      [
        ['signals', 0, 'account'],
        ['signals', 1, 'contact'],
      ],
    )
  })

  it('an account stored under a look-alike before the check stays readable and erasable', async () => {
    const legacy = 'xn--cme-5cd.com'
    await t.ctx.store.accounts.upsert(legacy, { name: 'Legacy' }, Date.parse(NOW))
    expect((await t.call(`/v1/accounts/${legacy}`, { scope: 'read' })).status).toBe(200)
    expect((await t.json(`/v1/accounts/${legacy}`, 'PUT', { name: 'Again' })).status).toBe(400)
    const erased = await t.call(`/v1/accounts/${legacy}`, { method: 'DELETE', scope: 'admin' })
    expect(erased.status).toBe(200)
  })
})

describe('security: Segment and HubSpot text goes through the API field rules (found in review)', () => {
  it('drops a control-character name and never cuts a surrogate pair in half', async () => {
    const emoji = '😀'
    const long = `${'x'.repeat(199)}${emoji}tail`
    const response = await t.app.request('/v1/batch', {
      method: 'POST',
      headers: { authorization: basic(t.keys.write), 'content-type': 'application/json' },
      body: JSON.stringify({
        batch: [
          {
            type: 'identify',
            userId: 'u-1',
            traits: { email: 'anna@acme.com', name: 'Anna\u0000Nowak', title: long },
          },
          {
            type: 'group',
            userId: 'u-1',
            groupId: 'acme.com',
            traits: { name: long, industry: 'Soft\u0007ware', employees: 1e20 },
          },
        ],
      }),
    })
    expect(response.status).toBe(200)
    const contact = await t.ctx.store.contacts.get('anna@acme.com')
    expect(contact!.name).toBeNull()
    expect(contact!.title).toBe(`${'x'.repeat(199)}${emoji}`)
    const account = await t.ctx.store.accounts.find('acme.com')
    expect(account!.name).toBe(`${'x'.repeat(199)}${emoji}`)
    expect(account!.industry).toBeNull()
    // 1e20 employees would not fit the INTEGER column: it answered 500 before.
    expect(account!.employees).toBeNull()
  })
})
