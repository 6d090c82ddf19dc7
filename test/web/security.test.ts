import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { fixedClock } from '../../src/clock.ts'
import { loadConfig } from '../../src/config.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext } from '../../src/composition-root.ts'
import { createApiKey, revokeApiKey } from '../../src/domain/keys.ts'
import { createLogger } from '../../src/logger.ts'
import { SESSION_COOKIE } from '../../src/web/session.ts'
import { buildTestApp, NOW, type TestApp } from '../helpers/app.ts'
import { page, seed, sessionCookieOf, signIn } from './helpers.ts'
import { contentDigest } from '../helpers/digest.ts'

let t: TestApp

beforeEach(async () => {
  t = await buildTestApp()
})

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
/** What the Node adapter hands the app: the socket the request came in on. */
const fromSocket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } })

function post(
  app: TestApp['app'],
  path: string,
  init: {
    body?: string | ReadableStream<Uint8Array>
    headers?: Record<string, string>
    socket?: string
  } = {},
) {
  const { socket = '198.51.100.7', headers = FORM, body } = init
  return app.request(
    path,
    { method: 'POST', headers, body: body ?? null, duplex: 'half' } as RequestInit,
    fromSocket(socket),
  )
}

const signInFrom = (app: TestApp['app'], key: string, socket: string, headers = {}) =>
  post(app, '/signin', {
    socket,
    headers: { ...FORM, ...headers },
    body: new URLSearchParams({ key }).toString(),
  })

/** A body that counts what the server pulled from it: an honest "was it read to the end?". */
function countingBody(total: number, prefix = 'key=') {
  const chunk = 64 * 1024
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close()
      const bytes = new Uint8Array(chunk).fill(0x61)
      if (pulled === 0) bytes.set(new TextEncoder().encode(prefix))
      pulled += chunk
      controller.enqueue(bytes)
    },
  })
  return { stream, pulled: () => pulled }
}

const hasCookie = (response: Response, name = SESSION_COOKIE) =>
  response.headers.getSetCookie().some((c) => c.startsWith(`${name}=`))

describe('security: bodies outside /v1 are bounded while reading (finding 1)', () => {
  it('a sign-in body streamed past the limit answers 413 after reading only the limit', async () => {
    const body = countingBody(4 * 1024 * 1024)
    const response = await post(t.app, '/signin', { body: body.stream })
    expect(response.status).toBe(413)
    expect(body.pulled()).toBeLessThan(512 * 1024)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).toContain('too large')
    expect(hasCookie(response)).toBe(false)
  })

  it('a declared Content-Length over the limit is refused before any of the body is read', async () => {
    const body = countingBody(4 * 1024 * 1024)
    const response = await post(t.app, '/signin', {
      headers: { ...FORM, 'content-length': String(300 * 1024 * 1024) },
      body: body.stream,
    })
    expect(response.status).toBe(413)
    expect(body.pulled()).toBeLessThan(512 * 1024)
  })

  it('oversized posts are not counted by the sign-in throttle and change nothing', async () => {
    const before = await contentDigest(t.ctx.store)
    for (let i = 0; i < 12; i++) {
      const body = `key=${'x'.repeat(9 * 1024)}`
      expect((await post(t.app, '/signin', { body })).status).toBe(413)
    }
    expect(await contentDigest(t.ctx.store)).toBe(before)
    expect((await signInFrom(t.app, t.keys.read, '198.51.100.7')).status).toBe(303)
  })

  it('sign-out with an oversized body answers 413 and leaves the session alone', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    const response = await post(t.app, '/signout', {
      headers: { ...FORM, cookie },
      body: `x=${'y'.repeat(20 * 1024)}`,
    })
    expect(response.status).toBe(413)
    expect(response.headers.getSetCookie()).toEqual([])
    expect((await page(t, '/', cookie)).status).toBe(200)
  })

  it('any other route outside /v1 refuses a large body too', async () => {
    const response = await post(t.app, '/healthz', { body: 'x'.repeat(64 * 1024) })
    expect(response.status).toBe(413)
  })

  it('/v1 keeps MAX_BODY_BYTES: a 64 KiB JSON body is still accepted there', async () => {
    const titles = Array.from({ length: 400 }, (_, i) => `Vice President of Engineering ${i}`)
    const response = await t.json('/v1/titles/classify', 'POST', { titles: titles.slice(0, 100) })
    expect(response.status).toBe(200)
    const big = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signals: [], pad: 'x'.repeat(64 * 1024) }),
    })
    expect(big.status).not.toBe(413)
  })

  it.each([
    ['a boundary that never appears', 'multipart/form-data; boundary=XYZ', 'garbage'],
    ['no boundary at all', 'multipart/form-data', '--x\r\nContent-Disposition: form-data\r\n'],
    [
      'a truncated part',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="key"\r\n\r\nik_',
    ],
  ])('a garbled multipart sign-in (%s) answers 400, not 500', async (_, type, body) => {
    const response = await post(t.app, '/signin', { headers: { 'content-type': type }, body })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(hasCookie(response)).toBe(false)
  })

  it('a well-formed multipart sign-in still works', async () => {
    const form = new FormData()
    form.set('key', t.keys.read)
    form.set('next', '/accounts/acme.pl')
    const response = await t.app.request('/signin', { method: 'POST', body: form })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/accounts/acme.pl')
  })
})

/** Off-site by any browser's reading: `//host`, `/\host`, a scheme, or control characters. */
const OPEN_REDIRECTS = [
  '/.//evil.example/phish',
  '/%2e//evil.example/phish',
  '/%2E//evil.example',
  '/a/..//evil.example/phish',
  '/a/%2e%2e//evil.example',
  '/%2e%2e//evil.example',
  '/..//evil.example',
  '/./\\evil.example',
  '/.\\/evil.example',
  '/a/..\\/evil.example',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/%09/evil.example',
  'https://evil.example/x',
  'javascript:alert(1)',
  ' //evil.example',
]

function expectSameOriginPath(location: string) {
  expect(location).toMatch(/^\/(?![/\\])/)
  expect([...location].some((ch) => ch === '\\' || ch < ' ' || ch === '\x7f')).toBe(false)
  const url = new URL(location, 'http://local.test')
  expect(url.origin).toBe('http://local.test')
  expect(url.pathname).not.toContain('//')
}

describe('security: open redirect after sign-in (finding 2)', () => {
  it('the reported payload: GET /signin?next=%2F.%2F%2Fevil.example%2Fphish with a session', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    const response = await page(t, '/signin?next=%2F.%2F%2Fevil.example%2Fphish', cookie)
    expect(response.status).toBe(303)
    expectSameOriginPath(response.headers.get('location')!)
  })

  it.each(OPEN_REDIRECTS)(
    'GET /signin with a session stays on the site (next=%j)',
    async (next) => {
      const cookie = sessionCookieOf(await signIn(t, t.keys.read))
      const response = await page(t, `/signin?${new URLSearchParams({ next })}`, cookie)
      expect(response.status).toBe(303)
      expectSameOriginPath(response.headers.get('location')!)
    },
  )

  it.each(OPEN_REDIRECTS)('POST /signin stays on the site (next=%j)', async (next) => {
    const response = await signIn(t, t.keys.read, next)
    expect(response.status).toBe(303)
    expectSameOriginPath(response.headers.get('location')!)
  })

  it.each(OPEN_REDIRECTS)('the sign-in form carries no off-site next (next=%j)', async (next) => {
    const response = await t.app.request(`/signin?${new URLSearchParams({ next })}`)
    expect(response.status).toBe(200)
    const carried = /name="next" value="([^"]*)"/.exec(await response.text())![1]!
    expectSameOriginPath(carried.replaceAll('&amp;', '&'))
  })

  it('a plain path with its query and fragment still goes through', async () => {
    const response = await signIn(t, t.keys.read, '/?label=hot&page=2#top')
    expect(response.headers.get('location')).toBe('/?label=hot&page=2#top')
  })
})

const tokenOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!
const sha256 = (text: string) => createHash('sha256').update(text).digest()

describe('security: sessions are server-side records (finding 3)', () => {
  it('a cookie replayed after sign-out no longer opens pages', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    expect((await page(t, '/', cookie)).status).toBe(200)
    const out = await post(t.app, '/signout', { headers: { cookie } })
    expect(out.status).toBe(303)
    const replay = await page(t, '/', cookie)
    expect(replay.status).toBe(303)
    expect(replay.headers.get('location')).toMatch(/^\/signin\?next=/)
  })

  it('signing out one browser leaves the key’s other sessions open', async () => {
    const one = sessionCookieOf(await signIn(t, t.keys.read))
    const two = sessionCookieOf(await signIn(t, t.keys.read))
    await post(t.app, '/signout', { headers: { cookie: one } })
    expect((await page(t, '/', one)).status).toBe(303)
    expect((await page(t, '/', two)).status).toBe(200)
  })

  it('the cookie carries a random id of ≥ 128 bits; the store holds only its SHA-256', async () => {
    const cookies = [
      sessionCookieOf(await signIn(t, t.keys.read)),
      sessionCookieOf(await signIn(t, t.keys.read)),
    ]
    const [one, two] = cookies.map(tokenOf) as [string, string]
    expect(one).not.toBe(two)
    expect(Buffer.from(one, 'base64url').length).toBeGreaterThanOrEqual(16)
    const keyId = (await t.ctx.store.apiKeys.list()).find((k) => t.keys.read.startsWith(k.prefix))!
    expect(one).not.toContain(keyId.id)
    expect(await t.ctx.store.sessions.find(sha256(one), t.clock.now())).toMatchObject({
      keyId: keyId.id,
    })
    // A backup is what leaks: it must hold neither the id nor anything that signs cookies.
    const path = join(mkdtempSync(join(tmpdir(), 'intent-sessions-')), 'backup.db')
    await t.ctx.store.backup(path)
    const bytes = readFileSync(path)
    expect(bytes.includes(one)).toBe(false)
    const copy = new Database(path, { readonly: true })
    expect(copy.prepare("SELECT * FROM settings WHERE key LIKE '%secret%'").all()).toEqual([])
    copy.close()
  })

  it('revoking a key deletes its sessions and closes them at once', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    const keyId = (await t.ctx.store.apiKeys.list()).find((k) => t.keys.read.startsWith(k.prefix))!
    await revokeApiKey(t.ctx, keyId.id)
    expect(await t.ctx.store.sessions.find(sha256(tokenOf(cookie)), t.clock.now())).toBeNull()
    expect((await page(t, '/', cookie)).status).toBe(303)
  })

  it('an ADMIN_API_KEY session dies when ADMIN_API_KEY changes or is removed', async () => {
    const admin = 'the-operator-admin-key-0123456789'
    const a = await buildTestApp({ ADMIN_API_KEY: admin })
    const cookie = sessionCookieOf(await signIn(a, admin))
    expect((await page(a, '/', cookie)).status).toBe(200)
    const restartWith = (ADMIN_API_KEY: string | undefined) =>
      createApp({ ...a.ctx, config: { ...a.ctx.config, ADMIN_API_KEY } })
    const open = async (app: ReturnType<typeof createApp>) =>
      (await app.request('/', { headers: { cookie } })).status
    expect(await open(restartWith(admin))).toBe(200)
    expect(await open(restartWith('a-rotated-admin-key-9876543210'))).toBe(303)
    expect(await open(restartWith(undefined))).toBe(303)
  })

  it('a file database keeps the signing secret in <dir>/session-secret (0600), sessions survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-secret-'))
    const config = testConfig({ DB_PATH: join(dir, 'intent.db') })
    const start = () =>
      buildContext(config, { clock: fixedClock(NOW), logger: createLogger('silent') })
    const first = start()
    const { secret } = await createApiKey(first, { scope: 'read' })
    const app = createApp(first)
    const response = await app.request('/signin', {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ key: secret }).toString(),
    })
    const cookie = sessionCookieOf(response)
    const file = join(dir, 'session-secret')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const signing = readFileSync(file, 'utf8').trim()
    expect(signing).toMatch(/^[0-9a-f]{64}$/)
    await first.store.close()
    const second = start()
    expect((await createApp(second).request('/', { headers: { cookie } })).status).toBe(200)
    const backup = join(dir, 'backup.db')
    await second.store.backup(backup)
    expect(readFileSync(backup).includes(signing)).toBe(false)
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(signing)
    await second.store.close()
  })

  it('with SESSION_SECRET set, no secret file is made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-secret-'))
    const ctx = buildContext(
      testConfig({ DB_PATH: join(dir, 'intent.db'), SESSION_SECRET: 's'.repeat(40) }),
      { clock: fixedClock(NOW), logger: createLogger('silent') },
    )
    createApp(ctx)
    expect(() => statSync(join(dir, 'session-secret'))).toThrow(/ENOENT/)
    await ctx.store.close()
  })
})

describe('security: pages are rate limited per key (finding 4)', () => {
  it('answers 429 as an HTML page with Retry-After past the key’s burst, and recovers', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_PER_MINUTE: 60 })
    const cookie = sessionCookieOf(await signIn(limited, limited.keys.read))
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await page(limited, '/', cookie)).status)
    expect(statuses).toContain(429)
    const over = await page(limited, '/', cookie)
    expect(over.status).toBe(429)
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(over.headers.get('content-type')).toMatch(/^text\/html/)
    expect(over.headers.get('cache-control')).toBe('no-store')
    expect(await over.text()).toContain('Too many requests')
    limited.clock.set(limited.clock.now() + 60_000)
    expect((await page(limited, '/', cookie)).status).toBe(200)
  })

  it('shares the key’s bucket with the API', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_PER_MINUTE: 60 })
    const cookie = sessionCookieOf(await signIn(limited, limited.keys.read))
    for (let i = 0; i < 12; i++) await limited.call('/v1/accounts', { scope: 'read' })
    expect((await page(limited, '/', cookie)).status).toBe(429)
  })
})

/** TRUST_PROXY as the service reads it from the environment. */
const trust = (text: string) => loadConfig({ TRUST_PROXY: text }).TRUST_PROXY

const failTenTimes = async (app: TestApp['app'], socket: string, headers = {}) => {
  for (let i = 0; i < 10; i++)
    expect((await signInFrom(app, `ik_wrong-${i}`, socket, headers)).status).toBe(401)
}

describe('security: the sign-in throttle and the client address (finding 4)', () => {
  it('TRUST_PROXY unset: X-Forwarded-For and Forwarded are ignored, the socket counts', async () => {
    await failTenTimes(t.app, '198.51.100.7', { 'x-forwarded-for': '203.0.113.1' })
    const spoofed = await signInFrom(t.app, t.keys.read, '198.51.100.7', {
      'x-forwarded-for': '203.0.113.99',
      forwarded: 'for=203.0.113.98',
    })
    expect(spoofed.status).toBe(429)
    expect((await signInFrom(t.app, t.keys.read, '198.51.100.8')).status).toBe(303)
  })

  it('TRUST_PROXY=<CIDRs>: a socket outside them cannot pick its address', async () => {
    const p = await buildTestApp({ TRUST_PROXY: trust('10.0.0.0/8') })
    await failTenTimes(p.app, '198.51.100.7', { 'x-forwarded-for': '203.0.113.1' })
    const spoofed = await signInFrom(p.app, p.keys.read, '198.51.100.7', {
      'x-forwarded-for': '203.0.113.99',
    })
    expect(spoofed.status).toBe(429)
  })

  it('TRUST_PROXY=<CIDRs>: behind the proxy each client has its own count, and cannot forge another', async () => {
    const p = await buildTestApp({ TRUST_PROXY: trust('10.0.0.0/8, fd00::/8') })
    // The proxy appends the address it saw; whatever the client sent stays on the left.
    await failTenTimes(p.app, '10.0.0.2', { 'x-forwarded-for': '203.0.113.5' })
    const forged = await signInFrom(p.app, p.keys.read, '10.0.0.2', {
      'x-forwarded-for': '192.0.2.77, 203.0.113.5',
    })
    expect(forged.status).toBe(429)
    // Another client through the same proxy (and a second proxy hop) is not locked out.
    const other = await signInFrom(p.app, p.keys.read, '10.0.0.2', {
      'x-forwarded-for': '203.0.113.6, 10.1.1.1',
    })
    expect(other.status).toBe(303)
  })

  it('TRUST_PROXY=<CIDRs> reads RFC 7239 Forwarded when X-Forwarded-For is absent', async () => {
    const p = await buildTestApp({ TRUST_PROXY: trust('10.0.0.0/8') })
    const forwarded = { forwarded: 'for="[2001:db8::1]:4711";proto=https, for=10.0.0.9' }
    await failTenTimes(p.app, '10.0.0.2', forwarded)
    expect((await signInFrom(p.app, p.keys.read, '10.0.0.2', forwarded)).status).toBe(429)
    const other = { forwarded: 'for=192.0.2.60;proto=http' }
    expect((await signInFrom(p.app, p.keys.read, '10.0.0.2', other)).status).toBe(303)
  })

  it('TRUST_PROXY=1: the client is the right-most X-Forwarded-For hop', async () => {
    const p = await buildTestApp({ TRUST_PROXY: trust('1') })
    await failTenTimes(p.app, '10.0.0.2', { 'x-forwarded-for': '203.0.113.5' })
    const forged = await signInFrom(p.app, p.keys.read, '10.0.0.2', {
      'x-forwarded-for': '192.0.2.77, 203.0.113.5',
    })
    expect(forged.status).toBe(429)
    const other = await signInFrom(p.app, p.keys.read, '10.0.0.2', {
      'x-forwarded-for': '203.0.113.5, 203.0.113.6',
    })
    expect(other.status).toBe(303)
  })
})

describe('security: mailto links, caching, /docs (finding 5)', () => {
  it('mailto: links percent-encode the address, so it cannot add headers', async () => {
    const hostile = 'y?cc=boss%40evil.example&body=hi@acme.pl'
    await seed(t, [
      {
        domain: 'acme.pl',
        name: 'Acme',
        topics: ['Data Warehouse'],
        contacts: [{ email: 'anna@acme.pl', name: 'Anna', title: 'CFO' }],
        intensity: 2,
      },
    ])
    const put = await t.json(`/v1/contacts/${encodeURIComponent(hostile)}`, 'PUT', {
      name: 'Procurement',
      title: 'Head of Procurement',
    })
    expect(put.status).toBeLessThan(300)
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    const body = await (await page(t, '/accounts/acme.pl', cookie)).text()
    const hrefs = [...body.matchAll(/href="(mailto:[^"]*)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    )
    expect(hrefs).toContain('mailto:y%3Fcc%3Dboss%2540evil.example%26body%3Dhi@acme.pl')
    for (const href of hrefs)
      expect(href.slice('mailto:'.length)).not.toMatch(/[?&#%](?![0-9A-F]{2})/)
    for (const href of hrefs) expect(href).not.toContain('?')
  })
})

describe('security: the sign-in throttle counts an IPv6 client by its /64 (found on the way)', () => {
  it('rotating addresses inside one /64 does not escape it; another /64 is not affected', async () => {
    for (let i = 0; i < 10; i++) {
      const socket = `2001:db8:1:2::${(i + 1).toString(16)}`
      expect((await signInFrom(t.app, `ik_wrong-${i}`, socket)).status).toBe(401)
    }
    expect((await signInFrom(t.app, t.keys.read, '2001:db8:1:2:ffff:ffff:ffff:ffff')).status).toBe(
      429,
    )
    expect((await signInFrom(t.app, t.keys.read, '2001:db8:1:3::1')).status).toBe(303)
  })
})
