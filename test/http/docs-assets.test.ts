import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const manifest = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')
const VERSION = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version

/** Every URL the page names: attributes and anything with a scheme or a protocol-relative host. */
function urlsIn(html: string): string[] {
  return [
    ...[...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'<>)]+/gi)].map((m) => m[0]),
  ]
}

describe('/docs works offline (issue 18)', () => {
  it('names no external URL at all: every file it loads is under /docs/assets/<version>/', async () => {
    const response = await t.app.request('/docs')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).not.toMatch(/https?:|\/\/[a-z0-9]/i)
    const urls = urlsIn(html)
    expect(urls.length).toBeGreaterThanOrEqual(4)
    for (const url of urls) expect(url).toMatch(new RegExp(`^/docs/assets/${VERSION}/[\\w.-]+$`))
    expect(urls).toEqual(
      expect.arrayContaining([
        `/docs/assets/${VERSION}/swagger-ui-bundle.js`,
        `/docs/assets/${VERSION}/swagger-ui.css`,
        `/docs/assets/${VERSION}/favicon-32x32.png`,
      ]),
    )
  })

  it('has a CSP that names no host: only this origin, the start-up script by hash, and data: images', async () => {
    const csp = (await t.app.request('/docs')).headers.get('content-security-policy')!
    expect(csp).not.toMatch(/https?:|\/\/|\*|unsafe-|jsdelivr|cdn/i)
    const sources = csp
      .split(';')
      .flatMap((directive) => directive.trim().split(/\s+/).slice(1))
      .filter((source) => source !== '')
    for (const source of sources)
      expect(source).toMatch(/^('self'|'none'|'sha256-[A-Za-z0-9+/]+={0,2}'|data:)$/)
    expect(csp).toMatch(/script-src 'sha256-[^']+' 'self'/)
  })

  it.each([
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8', 'swagger-ui-bundle.js'],
    ['swagger-ui.css', 'text/css; charset=utf-8', 'swagger-ui.css'],
    ['favicon-32x32.png', 'image/png', 'favicon-32x32.png'],
    ['favicon-16x16.png', 'image/png', 'favicon-16x16.png'],
  ])('serves %s from the installed package, %s, cacheable for good', async (name, type, file) => {
    const response = await t.app.request(`/docs/assets/${VERSION}/${name}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(bytes.equals(readFileSync(manifest.replace(/package\.json$/, file)))).toBe(true)
  })

  it('answers HEAD on an asset without its body', async () => {
    const response = await t.app.request(`/docs/assets/${VERSION}/swagger-ui.css`, {
      method: 'HEAD',
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect((await response.arrayBuffer()).byteLength).toBe(0)
  })

  it.each([
    `/docs/assets/${VERSION}/index.html`,
    `/docs/assets/${VERSION}/package.json`,
    `/docs/assets/${VERSION}/..%2Fpackage.json`,
    `/docs/assets/${VERSION}/swagger-ui-bundle.js.map`,
    '/docs/assets/0.0.1/swagger-ui.css',
  ])('serves nothing else of the package: %s is 404, not cached', async (path) => {
    const response = await t.app.request(path)
    expect(response.status).toBe(404)
    expect((await problemOf(response)).code).toBe('not_found')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('lets "Try it out" reach PUBLIC_URL when the document names it as its server', async () => {
    const behind = await buildTestApp({ PUBLIC_URL: 'https://intent.example.com/' })
    const csp = (await behind.app.request('/docs')).headers.get('content-security-policy')!
    expect(csp).toContain("connect-src 'self' https://intent.example.com;")
    expect(csp.replace('https://intent.example.com', '')).not.toMatch(/https?:|\/\//)
  })
})
