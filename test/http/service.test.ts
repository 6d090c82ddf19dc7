import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { createLogger } from '../../src/logger.ts'
import { latestSchemaVersion } from '../../src/store/migrate.ts'
import { buildTestApp, problemOf } from '../helpers/app.ts'

describe('GET /healthz', () => {
  it('reports the database and schema version', async () => {
    const t = await buildTestApp()
    const response = await t.app.request('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: {
        reachable: true,
        schemaVersion: latestSchemaVersion(),
        latestSchemaVersion: latestSchemaVersion(),
      },
    })
  })

  it('answers 503 when the database is gone', async () => {
    const t = await buildTestApp()
    await t.ctx.store.close()
    const response = await t.app.request('/healthz')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({
      status: 'unavailable',
      database: { reachable: false },
    })
  })
})

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1, generated from the route schemas, with every route and its problems', async () => {
    const t = await buildTestApp()
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      openapi: string
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/metrics',
      '/readyz',
      '/v1/accounts',
      '/v1/accounts/batch',
      '/v1/accounts/{domain}',
      '/v1/accounts/{domain}/committee',
      '/v1/accounts/{domain}/history',
      '/v1/accounts/{domain}/topics',
      '/v1/batch',
      '/v1/contacts/batch',
      '/v1/contacts/{email}',
      '/v1/group',
      '/v1/identify',
      '/v1/jobs/score',
      '/v1/jobs/{id}',
      '/v1/models',
      '/v1/models/train',
      '/v1/models/{id}',
      '/v1/models/{id}/activate',
      '/v1/outcomes',
      '/v1/page',
      '/v1/segments',
      '/v1/segments/{id}',
      '/v1/segments/{id}/accounts',
      '/v1/signals',
      '/v1/subscriptions',
      '/v1/subscriptions/{id}',
      '/v1/subscriptions/{id}/deliveries',
      '/v1/suppressions/{target}',
      '/v1/taxonomy',
      '/v1/titles/classify',
      '/v1/topics',
      '/v1/topics/{topic}/accounts',
      '/v1/track',
      '/v1/webhooks/crm',
      '/v1/webhooks/hubspot',
    ])
    expect(Object.keys(doc.paths['/v1/signals']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '413', '415']),
    )
    expect(doc.components.schemas).toHaveProperty('Signal')
    expect(doc.components.schemas).toHaveProperty('Problem')
  })

  it('/docs serves the browsable reference', async () => {
    const t = await buildTestApp()
    const response = await t.app.request('/docs')
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(await response.text()).toMatch(/swagger/i)
  })
})

describe('security headers', () => {
  it('are on every response', async () => {
    const t = await buildTestApp()
    for (const path of ['/healthz', '/v1/accounts', '/docs/problems']) {
      const response = await t.call(path, { scope: 'read' })
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age/)
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })
})

describe('errors', () => {
  it('an unknown route is a problem+json 404', async () => {
    const t = await buildTestApp()
    const response = await t.call('/v1/nothing-here')
    expect(response.status).toBe(404)
    expect((await problemOf(response)).code).toBe('not_found')
  })

  it('an unexpected failure answers 500 with a request id only, and logs the stack', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const t = await buildTestApp()
    const ctx = { ...t.ctx, logger: createLogger('info', sink) }
    // The look-up's first read fails (and the ones after it would too).
    const fail = async (): Promise<never> => {
      throw new Error('disk on fire at /var/secret/path')
    }
    ctx.store.scores.standing = ctx.store.accounts.get = ctx.store.accounts.find = fail
    const app = createApp(ctx)
    const response = await app.request('/v1/accounts/acme.com', {
      headers: { authorization: `Bearer ${t.keys.read}` },
    })
    expect(response.status).toBe(500)
    const problem = await problemOf(response)
    expect(JSON.stringify(problem)).not.toContain('disk on fire')
    expect(problem.requestId).toMatch(/.+/)
    expect(response.headers.get('x-request-id')).toBe(problem.requestId)
    const logged = lines.join('')
    expect(logged).toContain('disk on fire')
    expect(logged).toContain(problem.requestId)
  })

  it('a busy database answers 503 with Retry-After, never 500', async () => {
    const t = await buildTestApp()
    const busy = async (): Promise<never> => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    }
    t.ctx.store.scores.standing = t.ctx.store.accounts.get = t.ctx.store.accounts.find = busy
    const app = createApp(t.ctx)
    const response = await app.request('/v1/accounts/acme.com', {
      headers: { authorization: `Bearer ${t.keys.read}` },
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
  })

  it('logs one line per request with route and status, and never the key or the path', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const t = await buildTestApp()
    const app = createApp({ ...t.ctx, logger: createLogger('info', sink) })
    await app.request('/v1/contacts/anna@acme.com', {
      headers: { authorization: `Bearer ${t.keys.read}` },
    })
    const entry = JSON.parse(lines.at(-1)!) as Record<string, unknown>
    expect(entry).toMatchObject({ route: '/v1/contacts/:email', status: 404, method: 'GET' })
    expect(typeof entry.requestId).toBe('string')
    expect(lines.join('')).not.toContain(t.keys.read)
    expect(lines.join('')).not.toContain('anna@acme.com')
  })
})
