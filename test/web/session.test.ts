import { beforeEach, describe, expect, it } from 'vitest'
import { revokeApiKey } from '../../src/domain/keys.ts'
import { SESSION_COOKIE, SESSION_LIFETIME_MS } from '../../src/web/session.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { page, sessionCookieOf, signIn } from './helpers.ts'

let t: TestApp

beforeEach(async () => {
  t = await buildTestApp()
})

const keyIdOf = async (secret: string) =>
  (await t.ctx.store.apiKeys.list()).find((key) => secret.startsWith(key.prefix))!.id

describe('without a session', () => {
  it.each(['/', '/accounts/acme.com', '/topics/CRM', '/?label=hot&page=2'])(
    '%s redirects to the sign-in page with where it was going',
    async (path) => {
      const response = await t.app.request(path)
      expect(response.status).toBe(303)
      const location = new URL(response.headers.get('location')!, 'http://x')
      expect(location.pathname).toBe('/signin')
      expect(location.searchParams.get('next')).toBe(path)
    },
  )

  it('the sign-in page is a labelled form and has the page CSP', async () => {
    const response = await t.app.request('/signin')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toMatch(/<label for="key">API key<\/label>/)
    expect(html).toMatch(/<input id="key" name="key" type="password"/)
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })
})

describe('signing in', () => {
  it('a wrong key shows the form again with 401, sets no cookie and echoes nothing', async () => {
    const response = await signIn(t, 'ik_not-a-real-key-at-all')
    expect(response.status).toBe(401)
    expect(response.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false)
    const html = await response.text()
    expect(html).toContain('That key is unknown, revoked or expired.')
    expect(html).not.toContain('ik_not-a-real-key-at-all')
  })

  it('a read key gets an HttpOnly, SameSite=Strict session cookie holding a random id, not the key or its id', async () => {
    const response = await signIn(t, t.keys.read, '/accounts/acme.com')
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/accounts/acme.com')
    const header = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    expect(header).toContain('HttpOnly')
    expect(header).toContain('SameSite=Strict')
    expect(header).toContain('Path=/')
    expect(header).not.toContain('Secure')
    expect(header).not.toContain(t.keys.read)
    expect(decodeURIComponent(header)).not.toContain(await keyIdOf(t.keys.read))
    expect((await page(t, '/', sessionCookieOf(response))).status).toBe(200)
  })

  it('over https the cookie is Secure', async () => {
    const response = await t.app.request('https://intent.example/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: t.keys.read }).toString(),
    })
    expect(response.headers.getSetCookie().join()).toContain('Secure')
  })

  it.each([
    '//evil.com',
    '/\\evil.com',
    'https://evil.com/x',
    '/%0a/evil.com',
    'javascript:alert(1)',
  ])('refuses to redirect off-site after sign-in (next=%s)', async (next) => {
    const response = await signIn(t, t.keys.read, next)
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    expect(new URL(location, 'http://local.test').origin).toBe('http://local.test')
    expect(location.startsWith('//')).toBe(false)
  })

  it.each([
    [{ 'sec-fetch-site': 'same-origin', origin: 'null' }, 303],
    [{ origin: 'http://localhost' }, 303],
    [{ origin: 'null' }, 403],
    [{ origin: 'https://evil.example' }, 403],
    [{ 'sec-fetch-site': 'same-site', origin: 'http://localhost' }, 403],
  ])(
    'judges where a post comes from by Sec-Fetch-Site, else Origin (%o)',
    async (headers, status) => {
      const response = await t.app.request('http://localhost/signin', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ key: t.keys.read }).toString(),
      })
      expect(response.status).toBe(status)
    },
  )

  it('refuses a cross-site form post', async () => {
    const response = await t.app.request('http://localhost/signin', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: new URLSearchParams({ key: t.keys.read }).toString(),
    })
    expect(response.status).toBe(403)
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('throttles an address after repeated failures, and the right key then waits too', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(t, `ik_wrong-${i}`)).status).toBe(401)
    const blocked = await signIn(t, t.keys.read)
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toContain('Too many failed attempts')
    t.clock.set(Date.parse('2026-11-25T12:11:00.000Z'))
    expect((await signIn(t, t.keys.read)).status).toBe(303)
  })
})

describe('a session', () => {
  it('with a tampered cookie is refused', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    const [name, value] = cookie.split('=') as [string, string]
    const decoded = decodeURIComponent(value)
    // Change the id without re-signing: the signature no longer matches.
    const forged = decoded.replace(/^(.)/, (first: string) => (first === 'A' ? 'B' : 'A'))
    expect(forged).not.toBe(decoded)
    const response = await page(t, '/', `${name}=${encodeURIComponent(forged)}`)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toMatch(/^\/signin\?next=/)
  })

  it('signed with another secret is refused', async () => {
    const other = await buildTestApp({ SESSION_SECRET: 'x'.repeat(40) })
    const cookie = sessionCookieOf(await signIn(other, other.keys.read))
    expect((await page(t, '/', cookie)).status).toBe(303)
  })

  it('ends when its key is revoked', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    expect((await page(t, '/', cookie)).status).toBe(200)
    await revokeApiKey(t.ctx, await keyIdOf(t.keys.read))
    expect((await page(t, '/', cookie)).status).toBe(303)
  })

  it('expires after its lifetime', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    t.clock.set(Date.parse('2026-11-25T12:00:00.000Z') + SESSION_LIFETIME_MS + 1)
    expect((await page(t, '/', cookie)).status).toBe(303)
  })

  it('sign-out clears the cookie and sends the user to the sign-in page', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    const response = await t.app.request('/signout', {
      method: 'POST',
      headers: { cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/signin?signedout=1')
    const cleared = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    expect(cleared).toMatch(/Max-Age=0/)
  })

  it('survives a restart: the session is a record in the database, its signing secret is not', async () => {
    const cookie = sessionCookieOf(await signIn(t, t.keys.read))
    const { createApp } = await import('../../src/app.ts')
    const restarted = createApp(t.ctx)
    expect((await restarted.request('/', { headers: { cookie } })).status).toBe(200)
    expect(await t.ctx.store.settings.get('session_secret')).toBeNull()
  })
})
