import { fc } from '@fast-check/vitest'
import { beforeAll, describe, expect, it } from 'vitest'
import { FILTER_FIELDS } from '../../src/domain/leaderboard-filter.ts'
import { COLUMNS } from '../../src/jobs/rows.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { fuzzRuns, fuzzTimeout, memoryGuard } from '../helpers/fuzz.ts'
import { contentDigest } from '../helpers/digest.ts'

/**
 * Every route against generated payloads, valid-looking and hostile: wrong types, huge strings,
 * deep nesting, prototype-pollution keys, NUL bytes, invalid UTF-8, extreme numbers and dates.
 * Never a 5xx, after any rejected request every table is byte-for-byte as it was, and memory
 * stays bounded. `npm run fuzz` runs 10,000 cases a route (FUZZ_RUNS) instead of 60.
 */
const CASES_PER_ROUTE = fuzzRuns(60)
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({
    WEBHOOK_SECRET: 'fuzz-webhook-secret-0123456789',
    HUBSPOT_CLIENT_SECRET: 'fuzz-hubspot',
  })
  await t.json('/v1/signals', 'POST', {
    signals: [
      {
        type: 'content',
        account: 'acme.com',
        contact: 'anna@acme.com',
        topic: 'ERP',
        occurredAt: '2026-11-20T10:00:00Z',
      },
    ],
  })
})

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE signals; --",
    '9999-99-99T99:99:99Z',
    '-1e309',
    'NaN',
    'xn--',
    '@',
    '.',
  ),
  fc.string({ minLength: 5000, maxLength: 70_000 }),
  fc.string({ unit: 'grapheme' }),
)
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1e308, -0, 2 ** 53 + 1),
)
const deep = (depth: number): unknown =>
  depth === 0 ? 1 : { a: deep(depth - 1), b: [deep(depth - 1)] }
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  hostileString,
  hostileNumber,
  fc.constant(deep(12)),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}')),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
)
/** A record shaped like the route's own input, with hostile values in some fields. */
const shaped = (fields: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 12 })), hostileValue, {
    maxKeys: fields.length + 2,
  })

interface Target {
  method: string
  path: fc.Arbitrary<string>
  body?: fc.Arbitrary<unknown>
  scope?: 'read' | 'write' | 'admin'
  /** Waits for work an accepted request started in the background, so the next case starts still. */
  settle?: (response: Response) => Promise<void>
  /** The one 5xx the route answers by contract, with its body (/readyz of a service not started). */
  contract5xx?: { status: number; body: unknown }
}

/**
 * Until the job a 202 answer started has finished, awaited through the registry: polling its
 * status over HTTP would spend the key's rate limit and stop early on a 429.
 */
async function jobFinished(response: Response): Promise<void> {
  if (response.status !== 202) return
  const { id } = (await response.json()) as { id: string }
  await t.ctx.jobs.settled(id)
}

const segment = fc.oneof(
  hostileString,
  fc.constantFrom('acme.com', 'anna@acme.com', 'ERP', 'xn--bcher-kva.de', '%00', '%E0%A4%A'),
)
const enc = (value: string) => {
  try {
    return encodeURIComponent(value)
  } catch {
    return 'x'
  }
}
const pathWith = (template: (segment: string) => string) =>
  segment.map((value) => template(enc(value).slice(0, 3000)))
const signal = shaped([...COLUMNS.signals])

const TARGETS: Record<string, Target> = {
  'PUT account': {
    method: 'PUT',
    path: pathWith((s) => `/v1/accounts/${s}`),
    body: shaped(COLUMNS.accounts.filter((column) => column !== 'domain')),
  },
  'POST accounts batch': {
    method: 'POST',
    path: fc.constant('/v1/accounts/batch'),
    body: fc.oneof(
      fc.record({ accounts: fc.array(shaped([...COLUMNS.accounts]), { maxLength: 5 }) }),
      hostileValue,
    ),
  },
  'GET account': { method: 'GET', path: pathWith((s) => `/v1/accounts/${s}?asOf=${s}`) },
  'GET accounts': {
    method: 'GET',
    path: pathWith((s) => `/v1/accounts?limit=${s}&cursor=${s}&sort=${s}&minScore=${s}`),
  },
  'GET committee': { method: 'GET', path: pathWith((s) => `/v1/accounts/${s}/committee`) },
  'GET history': {
    method: 'GET',
    path: pathWith((s) => `/v1/accounts/acme.com/history?from=${s}&to=${s}`),
  },
  'PUT contact': {
    method: 'PUT',
    path: pathWith((s) => `/v1/contacts/${s}`),
    body: shaped(COLUMNS.contacts.filter((column) => column !== 'email')),
  },
  'POST contacts batch': {
    method: 'POST',
    path: fc.constant('/v1/contacts/batch'),
    body: fc.oneof(
      fc.record({ contacts: fc.array(shaped([...COLUMNS.contacts]), { maxLength: 5 }) }),
      hostileValue,
    ),
  },
  'POST signals': {
    method: 'POST',
    path: fc.constant('/v1/signals'),
    body: fc.oneof(fc.record({ signals: fc.array(signal, { maxLength: 5 }) }), hostileValue),
  },
  'POST outcomes': {
    method: 'POST',
    path: fc.constant('/v1/outcomes'),
    body: fc.oneof(
      fc.record({
        outcomes: fc.array(shaped([...COLUMNS.outcomes]), {
          maxLength: 5,
        }),
      }),
      hostileValue,
    ),
  },
  'GET topics': { method: 'GET', path: pathWith((s) => `/v1/topics?asOf=${s}`) },
  'GET topic accounts': {
    method: 'GET',
    path: pathWith((s) => `/v1/topics/${s}/accounts?limit=${s}`),
  },
  'POST classify': {
    method: 'POST',
    path: fc.constant('/v1/titles/classify'),
    body: fc.oneof(fc.record({ titles: fc.array(hostileString, { maxLength: 20 }) }), hostileValue),
  },
  'POST train': {
    method: 'POST',
    path: fc.constant('/v1/models/train'),
    body: shaped(['asOf', 'horizonDays', 'force', 'activate']),
    scope: 'admin',
  },
  'GET model': {
    method: 'GET',
    path: pathWith((s) => `/v1/models/${s}`),
    scope: 'read',
  },
  'POST activate': {
    method: 'POST',
    path: pathWith((s) => `/v1/models/${s}/activate`),
    scope: 'admin',
  },
  'POST subscriptions': {
    method: 'POST',
    path: fc.constant('/v1/subscriptions'),
    body: shaped(['url', 'events', 'threshold', 'secret']),
    scope: 'admin',
  },
  'GET deliveries': {
    method: 'GET',
    path: pathWith((s) => `/v1/subscriptions/${s}/deliveries?limit=${s}`),
    scope: 'admin',
  },
  'POST segment batch': {
    method: 'POST',
    path: fc.constant('/v1/batch'),
    body: fc.oneof(
      fc.record({
        batch: fc.array(
          shaped(['type', 'messageId', 'userId', 'event', 'traits', 'properties', 'timestamp']),
          { maxLength: 5 },
        ),
      }),
      hostileValue,
    ),
  },
  'POST segment track': {
    method: 'POST',
    path: fc.constant('/v1/track'),
    body: shaped(['userId', 'event', 'properties', 'messageId', 'timestamp']),
  },
  'POST crm webhook': {
    method: 'POST',
    path: fc.constant('/v1/webhooks/crm'),
    body: shaped(['id', 'type', 'occurredAt', 'data']),
  },
  'POST hubspot webhook': {
    method: 'POST',
    path: fc.constant('/v1/webhooks/hubspot'),
    body: fc.array(
      shaped(['eventId', 'subscriptionType', 'objectId', 'propertyName', 'propertyValue']),
      { maxLength: 4 },
    ),
  },
  'DELETE contact': {
    method: 'DELETE',
    path: pathWith((s) => `/v1/contacts/${s}x`),
    scope: 'admin',
  },
  'GET job': { method: 'GET', path: pathWith((s) => `/v1/jobs/${s}`) },
  'GET contact': { method: 'GET', path: pathWith((s) => `/v1/contacts/${s}`) },
  'DELETE account': {
    method: 'DELETE',
    path: pathWith((s) => `/v1/accounts/${s}x`),
    scope: 'admin',
  },
  'GET models': { method: 'GET', path: pathWith((s) => `/v1/models?limit=${s}`) },
  'POST score job': {
    method: 'POST',
    path: fc.constant('/v1/jobs/score'),
    body: shaped(['asOf']),
    scope: 'admin',
    settle: jobFinished,
  },
  'GET subscriptions': {
    method: 'GET',
    path: pathWith((s) => `/v1/subscriptions?cursor=${s}`),
    scope: 'admin',
  },
  'DELETE subscription': {
    method: 'DELETE',
    path: pathWith((s) => `/v1/subscriptions/${s}`),
    scope: 'admin',
  },
  'POST segment identify': {
    method: 'POST',
    path: fc.constant('/v1/identify'),
    body: shaped(['userId', 'anonymousId', 'traits', 'messageId', 'timestamp', 'context']),
  },
  'POST segment group': {
    method: 'POST',
    path: fc.constant('/v1/group'),
    body: shaped(['userId', 'groupId', 'traits', 'messageId', 'timestamp']),
  },
  'POST segment page': {
    method: 'POST',
    path: fc.constant('/v1/page'),
    body: shaped(['userId', 'name', 'properties', 'messageId', 'timestamp', 'context']),
  },
  'GET healthz': { method: 'GET', path: pathWith((s) => `/healthz?${s}`) },
  // The fuzzed service is not started: not ready, and it must say exactly that, whatever is sent.
  'GET readyz': {
    method: 'GET',
    path: pathWith((s) => `/readyz?${s}`),
    contract5xx: { status: 503, body: { ready: false, started: false, migrated: true } },
  },
  'GET metrics': { method: 'GET', path: pathWith((s) => `/metrics?${s}`), scope: 'admin' },
  'GET account topics': {
    method: 'GET',
    path: pathWith((s) => `/v1/accounts/${s}/topics?limit=${s}&cursor=${s}`),
  },
  'GET taxonomy': { method: 'GET', path: pathWith((s) => `/v1/taxonomy?${s}`), scope: 'read' },
  'PUT taxonomy': {
    method: 'PUT',
    path: fc.constant('/v1/taxonomy'),
    body: fc.oneof(
      fc.record({
        topics: fc.array(
          fc.oneof(
            shaped(['name', 'category', 'keywords', 'urls']),
            fc.record({
              name: hostileString,
              category: hostileString,
              keywords: fc.array(hostileString, { maxLength: 4 }),
              urls: fc.array(
                fc.oneof(hostileString, fc.constantFrom('*', '*.x.com/*', 'g2.com/**a*b*')),
                {
                  maxLength: 4,
                },
              ),
            }),
          ),
          { maxLength: 4 },
        ),
      }),
      hostileValue,
    ),
    scope: 'admin',
  },
  'POST segments': {
    method: 'POST',
    path: fc.constant('/v1/segments'),
    body: fc.oneof(
      fc.record({ name: hostileString, filter: shaped([...FILTER_FIELDS]) }),
      shaped(['name', 'description', 'filter']),
    ),
  },
  'GET segments': { method: 'GET', path: pathWith((s) => `/v1/segments?${s}`), scope: 'read' },
  'GET segment': { method: 'GET', path: pathWith((s) => `/v1/segments/${s}`), scope: 'read' },
  'PUT segment': {
    method: 'PUT',
    path: pathWith((s) => `/v1/segments/${s}`),
    body: fc.oneof(
      fc.record({ name: hostileString, filter: shaped([...FILTER_FIELDS]) }),
      shaped(['name', 'description', 'filter']),
    ),
  },
  'DELETE segment': { method: 'DELETE', path: pathWith((s) => `/v1/segments/${s}x`) },
  'GET segment accounts': {
    method: 'GET',
    path: pathWith((s) => `/v1/segments/${s}/accounts?limit=${s}&cursor=${s}`),
    scope: 'read',
  },
  'DELETE suppression': {
    method: 'DELETE',
    path: pathWith((s) => `/v1/suppressions/${s}x`),
    scope: 'admin',
  },
}

/** `/v1/accounts/{domain}` → a pattern matching the concrete paths the targets generate. */
const templateOf = (path: string) =>
  new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/?]*').replaceAll('/', '\\/')}(\\?|$)`)

describe('the fuzz targets', () => {
  it('cover every operation of the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const missing: string[] = []
    for (const [path, operations] of Object.entries(doc.paths))
      for (const method of Object.keys(operations)) {
        const pattern = templateOf(path)
        const covered = Object.values(TARGETS).some(
          (target) =>
            target.method === method.toUpperCase() &&
            fc.sample(target.path, 20).some((sample) => pattern.test(sample)),
        )
        if (!covered) missing.push(`${method.toUpperCase()} ${path}`)
      }
    expect(missing).toEqual([])
  })
})

/** Invalid UTF-8 and other raw bodies that JSON.stringify cannot produce. */
const rawBody = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from([0xc3, 0x28]),
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    Buffer.from('{"a":'),
    Buffer.from('[]'.repeat(10)),
  ),
)

async function send(
  target: Target,
  path: string,
  body: unknown,
  raw: Buffer | null,
  contentType: string,
) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${t.keys[target.scope ?? 'write']}`,
    'content-type': contentType,
  }
  if (path.startsWith('/v1/batch') || path.startsWith('/v1/track'))
    headers.authorization = `Basic ${Buffer.from(`${t.keys.write}:`).toString('base64')}`
  const payload =
    target.method === 'GET' || target.method === 'DELETE'
      ? undefined
      : (raw ?? JSON.stringify(body))
  return t.app.request(path, { method: target.method, headers, body: payload })
}

describe.each(Object.entries(TARGETS))('%s', (_, target) => {
  it(
    `never answers 5xx, and a rejected request changes nothing (${CASES_PER_ROUTE} cases)`,
    async () => {
      const memory = memoryGuard()
      await fc.assert(
        fc.asyncProperty(
          target.path,
          target.body ?? fc.constant(undefined),
          fc.option(rawBody, { freq: 4 }),
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'application/x-ndjson',
            'text/plain',
          ),
          async (path, body, raw, contentType) => {
            const before = await contentDigest(t.ctx.store)
            const response = await send(target, path, body, raw, contentType)
            if (target.contract5xx && response.status === target.contract5xx.status)
              expect(await response.clone().json()).toEqual(target.contract5xx.body)
            else expect(response.status, `${target.method} ${path.slice(0, 120)}`).toBeLessThan(500)
            if (response.status >= 400) expect(await contentDigest(t.ctx.store)).toBe(before)
            // Work a request started (a scoring job) ends before the next case takes its digest.
            await target.settle?.(response.clone())
            await response.arrayBuffer()
          },
        ),
        { numRuns: CASES_PER_ROUTE },
      )
      memory.check()
    },
    fuzzTimeout(CASES_PER_ROUTE),
  )
})
