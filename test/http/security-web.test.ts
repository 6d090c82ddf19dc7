import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { sessionCookieOf, signIn } from '../web/helpers.ts'

let t: TestApp

beforeEach(async () => {
  t = await buildTestApp()
})

describe('security: Cache-Control on answers with personal data (finding 5)', () => {
  it.each<[string, () => Promise<Response>, number]>([
    ['a look-up', () => t.call('/v1/accounts', { scope: 'read' }), 200],
    ['no key', () => t.call('/v1/accounts', { scope: null }), 401],
    ['too small a scope', () => t.json('/v1/accounts/acme.com', 'PUT', {}, 'read'), 403],
    ['an unknown account', () => t.call('/v1/accounts/nothing-here.com', { scope: 'read' }), 404],
    ['an invalid body', () => t.json('/v1/signals', 'POST', { signals: [{}] }), 400],
    ['an unknown /v1 route', () => t.call('/v1/nothing-here', { scope: 'read' }), 404],
  ])('every /v1 answer is no-store: %s', async (_, request, status) => {
    const response = await request()
    expect(response.status).toBe(status)
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('a /v1 413 and 429 are no-store too', async () => {
    const big = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(t.ctx.config.MAX_BODY_BYTES + 1),
    })
    expect(big.status).toBe(413)
    expect(big.headers.get('cache-control')).toBe('no-store')
    const limited = await buildTestApp({ RATE_LIMIT_PER_MINUTE: 60 })
    let last: Response | undefined
    for (let i = 0; i < 12; i++) last = await limited.call('/v1/accounts', { scope: 'read' })
    expect(last!.status).toBe(429)
    expect(last!.headers.get('cache-control')).toBe('no-store')
  })

  it('pages and their redirects are no-store; /assets keep public caching', async () => {
    expect((await t.app.request('/signin')).headers.get('cache-control')).toBe('no-store')
    const redirect = await t.app.request('/accounts/acme.com')
    expect(redirect.status).toBe(303)
    expect(redirect.headers.get('cache-control')).toBe('no-store')
    const signedIn = await signIn(t, t.keys.read)
    expect(signedIn.headers.get('cache-control')).toBe('no-store')
    const cookie = sessionCookieOf(signedIn)
    const missing = await t.app.request('/accounts/nope.example', { headers: { cookie } })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBe('no-store')
    for (const asset of ['/assets/app.css', '/assets/app.js'])
      expect((await t.app.request(asset)).headers.get('cache-control')).toBe('public, max-age=3600')
  })
})

function directives(csp: string | null): Map<string, string[]> {
  expect(csp).toBeTruthy()
  return new Map(
    csp!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  )
}

/** Swagger UI's files come from this service, under the installed package's version (issue 18). */
const OWN_ASSET = /^\/docs\/assets\/\d+\.\d+\.\d+\/[\w.-]+$/

describe('security: /docs runs under a Content-Security-Policy (finding 5)', () => {
  it('allows only its own versioned, integrity-checked files and its own inline start-up script', async () => {
    const response = await t.app.request('/docs')
    expect(response.status).toBe(200)
    const csp = directives(response.headers.get('content-security-policy'))
    const html = await response.text()
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-')
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    const scripts = csp.get('script-src')!
    for (const source of scripts) expect(source).not.toMatch(/^('unsafe-|\*|https?:|data:)/)
    for (const sources of csp.values())
      for (const source of sources) expect(source).not.toMatch(/:\/\/|^\*|^https?:$/)

    const external = [...html.matchAll(/<script src="([^"]+)"([^>]*)>/g)]
    expect(external.length).toBeGreaterThan(0)
    for (const [, src, rest] of external) {
      expect(src).toMatch(OWN_ASSET)
      expect(scripts).toContain("'self'")
      expect(rest).toMatch(/integrity="sha384-[A-Za-z0-9+/]+={0,2}"/)
      expect(rest).toMatch(/crossorigin="anonymous"/)
    }
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
    expect(inline.length).toBeGreaterThan(0)
    for (const body of inline) {
      const hash = createHash('sha256').update(body).digest('base64')
      expect(scripts).toContain(`'sha256-${hash}'`)
    }
    const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"([^>]*)>/g)]
    expect(styles.length).toBeGreaterThan(0)
    for (const [, href, rest] of styles) {
      expect(href).toMatch(OWN_ASSET)
      expect(csp.get('style-src')).toEqual(["'self'"])
      expect(rest).toMatch(/integrity="sha384-/)
    }
  })

  it('each file it loads is the bytes its integrity attribute names', async () => {
    const html = await (await t.app.request('/docs')).text()
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)" integrity="sha384-([^"]+)"/g)]
    expect(loaded.length).toBe(2)
    for (const [, path, integrity] of loaded) {
      const bytes = new Uint8Array(await (await t.app.request(path!)).arrayBuffer())
      expect(createHash('sha384').update(bytes).digest('base64')).toBe(integrity)
    }
  })

  it('/docs/problems and /openapi.json are unchanged otherwise, and the problems page gets a CSP', async () => {
    const problems = await t.app.request('/docs/problems')
    expect(await problems.text()).toContain('validation_failed')
    expect(directives(problems.headers.get('content-security-policy')).get('default-src')).toEqual([
      "'none'",
    ])
    const spec = await t.app.request('/openapi.json')
    expect(spec.status).toBe(200)
    expect(((await spec.json()) as { openapi: string }).openapi).toBe('3.1.0')
  })
})
