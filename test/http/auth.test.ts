import type { Scope } from '../../src/vocabulary.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultModel } from '../../src/domain/in-market.ts'
import { createApiKey, revokeApiKey } from '../../src/domain/keys.ts'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

const ADMIN_API_KEY = 'env-admin-key-0123456789abcdef'
let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ ADMIN_API_KEY })
  // The look-ups below need something to find.
  await t.json('/v1/contacts/jan@acme.com', 'PUT', { name: 'Jan' })
  await t.json('/v1/contacts/gone@acme.com', 'PUT', { name: 'To be erased' })
  await t.json('/v1/accounts/gone.com', 'PUT', { name: 'To be erased' })
  await t.json('/v1/signals', 'POST', {
    signals: [
      { type: 'search', account: 'acme.com', topic: 'ERP', occurredAt: '2026-11-20T10:00:00Z' },
    ],
  })
})

interface RouteCase {
  method: string
  path: string
  needs: Scope
  body?: unknown
  /** Destructive routes: once allowed they may find nothing left (404) — still past auth. */
  repeatable?: false
}

/** Allowed means past authentication and authorization: a success, or a 404 for a route that already ran. */
function expectAllowed(route: RouteCase, status: number) {
  if (route.repeatable === false) expect([200, 202, 204, 404, 409]).toContain(status)
  else expect(status).toBeLessThan(300)
}

/** Every authenticated route with a valid request for it. */
const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/v1/accounts', needs: 'read' },
  { method: 'GET', path: '/v1/accounts/acme.com', needs: 'read' },
  { method: 'PUT', path: '/v1/accounts/acme.com', needs: 'write', body: { name: 'Acme' } },
  { method: 'GET', path: '/v1/contacts/jan@acme.com', needs: 'read' },
  { method: 'PUT', path: '/v1/contacts/jan@acme.com', needs: 'write', body: { name: 'Jan' } },
  {
    method: 'POST',
    path: '/v1/signals',
    needs: 'write',
    body: {
      signals: [{ type: 'web_visit', account: 'acme.com', occurredAt: '2026-11-20T10:00:00Z' }],
    },
  },
  {
    method: 'POST',
    path: '/v1/outcomes',
    needs: 'write',
    body: { outcomes: [{ type: 'won', account: 'acme.com', occurredAt: '2026-11-20T10:00:00Z' }] },
  },
  {
    method: 'GET',
    path: '/v1/accounts/acme.com/history?from=2026-11-20&to=2026-11-24',
    needs: 'read',
  },
  { method: 'GET', path: '/v1/accounts?sort=score&minScore=0', needs: 'read' },
  { method: 'GET', path: '/v1/accounts/acme.com/committee', needs: 'read' },
  { method: 'POST', path: '/v1/titles/classify', needs: 'read', body: { titles: ['CFO'] } },
  { method: 'GET', path: '/v1/topics', needs: 'read' },
  { method: 'GET', path: '/v1/subscriptions', needs: 'admin' },
  {
    method: 'POST',
    path: '/v1/subscriptions',
    needs: 'admin',
    body: {
      url: 'https://crm.example/hook',
      events: ['label.changed'],
      secret: 'a-long-enough-secret',
    },
  },
  { method: 'POST', path: '/v1/jobs/score', needs: 'admin', repeatable: false },
  { method: 'DELETE', path: '/v1/contacts/gone@acme.com', needs: 'admin', repeatable: false },
  { method: 'DELETE', path: '/v1/accounts/gone.com', needs: 'admin', repeatable: false },
  { method: 'DELETE', path: '/v1/suppressions/gone@acme.com', needs: 'admin', repeatable: false },
  { method: 'GET', path: '/v1/accounts/acme.com/topics', needs: 'read' },
  { method: 'GET', path: '/v1/topics/ERP/accounts', needs: 'read' },
  { method: 'GET', path: '/v1/models', needs: 'read' },
  { method: 'GET', path: `/v1/models/${defaultModel().id}`, needs: 'read' },
  { method: 'POST', path: '/v1/models/train', needs: 'admin', body: {} },
  { method: 'POST', path: `/v1/models/${defaultModel().id}/activate`, needs: 'admin' },
]

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 }

function request(route: RouteCase, authorization: string | undefined) {
  const headers: Record<string, string> = {}
  if (authorization !== undefined) headers.authorization = authorization
  if (route.body !== undefined) headers['content-type'] = 'application/json'
  return t.app.request(route.path, {
    method: route.method,
    headers,
    body: route.body === undefined ? undefined : JSON.stringify(route.body),
  })
}

describe.each(ROUTES)('$method $path (needs $needs)', (route) => {
  it('answers 401 with no key, and tells how to send one', async () => {
    const response = await request(route, undefined)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await problemOf(response)).code).toBe('unauthorized')
  })

  it.each([
    'Bearer ik_wrongwrongwrongwrongwrongwrong',
    'Basic dXNlcjpwYXNz',
    'Bearer',
    'ik_no_scheme',
  ])('answers 401 for %j', async (authorization) => {
    expect((await request(route, authorization)).status).toBe(401)
  })

  it.each<Scope>(['read', 'write', 'admin'])(
    'with a %s key: allowed only when the scope is enough',
    async (scope) => {
      const response = await request(route, `Bearer ${t.keys[scope]}`)
      if (RANK[scope] >= RANK[route.needs]) {
        expectAllowed(route, response.status)
      } else {
        expect(response.status).toBe(403)
        expect((await problemOf(response)).code).toBe('forbidden')
      }
    },
  )

  it('accepts ADMIN_API_KEY from the environment', async () => {
    expectAllowed(route, (await request(route, `Bearer ${ADMIN_API_KEY}`)).status)
  })
})

describe('key lifecycle', () => {
  it('a revoked key stops working at once', async () => {
    const { key, secret } = await createApiKey(t.ctx, { scope: 'admin' })
    const route = ROUTES[0]!
    expect((await request(route, `Bearer ${secret}`)).status).toBe(200)
    await revokeApiKey(t.ctx, key.id)
    expect((await request(route, `Bearer ${secret}`)).status).toBe(401)
  })

  it('an expired key is refused', async () => {
    const { secret } = await createApiKey(t.ctx, { scope: 'read', expiresAt: t.clock.now() + 1000 })
    expect((await request(ROUTES[0]!, `Bearer ${secret}`)).status).toBe(200)
    t.clock.set(t.clock.now() + 1000)
    expect((await request(ROUTES[0]!, `Bearer ${secret}`)).status).toBe(401)
  })

  it('stores only a hash of the secret', async () => {
    const { secret } = await createApiKey(t.ctx, { scope: 'read' })
    const keys = await t.ctx.store.apiKeys.list()
    expect(JSON.stringify(keys)).not.toContain(secret)
    expect(keys.every((key) => key.prefix.length < secret.length)).toBe(true)
  })
})

describe('open routes', () => {
  it.each(['/healthz', '/openapi.json', '/docs', '/docs/problems'])(
    '%s needs no key',
    async (path) => {
      expect((await t.app.request(path)).status).toBe(200)
    },
  )
})
