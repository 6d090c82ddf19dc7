import { fc } from '@fast-check/vitest'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { fuzzRuns, fuzzTimeout, memoryGuard } from '../helpers/fuzz.ts'
import { seed, sessionCookieOf, signIn } from './helpers.ts'
import { contentDigest } from '../helpers/digest.ts'

/**
 * The sales pages against generated input: hostile paths, query strings, forms, cookies and
 * headers, signed in and not. Never a 5xx; a redirect never leaves the site; a rejected post
 * changes nothing; memory stays bounded. `npm run fuzz` runs 10,000 cases a page.
 */
const CASES_PER_PAGE = fuzzRuns(40)
let t: TestApp
let cookie: string

beforeAll(async () => {
  t = await buildTestApp()
  await seed(t, [
    { domain: 'acme.pl', name: 'Acme', industry: 'Software', country: 'PL', topics: ['ERP'] },
  ])
  cookie = sessionCookieOf(await signIn(t, t.keys.read))
}, 60_000)

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ minLength: 2000, maxLength: 20_000 }),
  fc.constantFrom(
    '',
    '/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/./ /evil.example',
    '/%2e//evil.example',
    '/a/..//evil.example',
    '%2F.%2F%2Fevil.example%2Fphish',
    'https://evil.example',
    'javascript:alert(1)',
    '/%0d%0aSet-Cookie:x=1',
    '<script>alert(1)</script>',
    '%00',
    '%E0%A4%A',
    '..%2f..%2f',
    'acme.pl',
    'ERP',
  ),
)
const enc = (value: string) => {
  try {
    return encodeURIComponent(value)
  } catch {
    return 'x'
  }
}
const query = fc.dictionary(
  fc.constantFrom(
    'label',
    'stage',
    'topic',
    'industry',
    'country',
    'minScore',
    'q',
    'page',
    'lang',
    'next',
  ),
  hostile,
  { maxKeys: 5 },
)
const toQuery = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([key, value]) => `${key}=${enc(value)}`)
    .join('&')

interface PageTarget {
  method: 'GET' | 'POST'
  path: fc.Arbitrary<string>
  body?: fc.Arbitrary<{ type: string; payload: string | Buffer }>
}

const form = fc.oneof(
  fc.record({ key: hostile, next: hostile }).map((fields) => ({
    type: 'application/x-www-form-urlencoded',
    payload: new URLSearchParams(fields).toString(),
  })),
  fc.record({ key: hostile, boundary: fc.string({ maxLength: 20 }) }).map(({ key, boundary }) => ({
    type: `multipart/form-data; boundary=${boundary}`,
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\n${key}`,
  })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
    type: 'multipart/form-data; boundary=x',
    payload: Buffer.from(bytes),
  })),
  hostile.map((text) => ({ type: 'text/plain', payload: text })),
)

const PAGES: Record<string, PageTarget> = {
  leaderboard: { method: 'GET', path: query.map((params) => `/?${toQuery(params)}`) },
  account: {
    method: 'GET',
    path: fc
      .tuple(hostile, query)
      .map(([d, q]) => `/accounts/${enc(d).slice(0, 3000)}?${toQuery(q)}`),
  },
  topic: { method: 'GET', path: hostile.map((topic) => `/topics/${enc(topic).slice(0, 3000)}`) },
  model: { method: 'GET', path: hostile.map((id) => `/models/${enc(id).slice(0, 3000)}`) },
  'sign-in page': { method: 'GET', path: query.map((params) => `/signin?${toQuery(params)}`) },
  'sign in': { method: 'POST', path: query.map((q) => `/signin?${toQuery(q)}`), body: form },
  'sign out': { method: 'POST', path: fc.constant('/signout'), body: form },
  assets: { method: 'GET', path: fc.constantFrom('/assets/app.css', '/assets/app.js') },
}

/** Header values are bytes: what a client can send is Latin-1 without control characters. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
})
const headers = fc.record({
  cookie: fc.oneof(
    fc.constant(''),
    fc.constant('SIGNED_IN'),
    hostile.map((value) => `intent_session=${enc(value)}; lang=${enc(value)}`),
  ),
  'accept-language': fc.oneof(fc.constant('pl'), fc.constant('ru;q=0.5'), headerText),
  'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none'),
})

/** A redirect stays on this site: a path with one leading slash, no scheme, no control bytes. */
function sameOrigin(location: string | null): boolean {
  if (location === null) return true
  const path = location.startsWith('http://localhost/') ? location.slice(16) : location
  const control = [...path].some((char) => char.charCodeAt(0) < 0x20 || char === '\\')
  return /^\/(?![/\\])/.test(path) && !control
}

describe.each(Object.entries(PAGES))('the %s page', (_, target) => {
  it(
    `never answers 5xx, never redirects off the site, and a rejected post changes nothing (${CASES_PER_PAGE} cases)`,
    async () => {
      const memory = memoryGuard()
      await fc.assert(
        fc.asyncProperty(
          target.path,
          target.body ?? fc.constant(undefined),
          headers,
          async (path, body, h) => {
            const before = await contentDigest(t.ctx.store)
            const sent: Record<string, string> = {
              'accept-language': h['accept-language'],
              'sec-fetch-site': h['sec-fetch-site'],
              cookie: h.cookie === 'SIGNED_IN' ? cookie : h.cookie,
            }
            if (body) sent['content-type'] = body.type
            const response = await t.app.request(path, {
              method: target.method,
              headers: sent,
              body: body?.payload,
            })
            expect(response.status, `${target.method} ${path.slice(0, 120)}`).toBeLessThan(500)
            expect(
              sameOrigin(response.headers.get('location')),
              `Location: ${response.headers.get('location')}`,
            ).toBe(true)
            if (target.method === 'POST' && response.status >= 400)
              expect(await contentDigest(t.ctx.store)).toBe(before)
            await response.arrayBuffer()
          },
        ),
        { numRuns: CASES_PER_PAGE },
      )
      memory.check()
    },
    fuzzTimeout(CASES_PER_PAGE),
  )
})
