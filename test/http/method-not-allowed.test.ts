import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('a wrong method on a real path is 405 with Allow (issue 18)', () => {
  it.each([
    ['PATCH', '/v1/accounts/acme.pl', 'GET, HEAD, PUT, DELETE'],
    ['POST', '/v1/accounts', 'GET, HEAD'],
    ['DELETE', '/v1/taxonomy', 'GET, HEAD, PUT'],
    ['GET', '/v1/signals', 'POST'],
    ['HEAD', '/v1/signals', 'POST'],
    ['GET', '/v1/webhooks/crm', 'POST'],
    ['PUT', '/v1/subscriptions/sub_1/deliveries', 'GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/docs', 'GET, HEAD'],
    ['OPTIONS', '/v1/topics', 'GET, HEAD'],
  ])('%s %s answers 405, Allow: %s', async (method, path, allow) => {
    const response = await t.call(path, { method, scope: 'admin' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe(allow)
    if (method === 'HEAD') return
    const problem = await problemOf(response)
    expect(problem).toMatchObject({
      status: 405,
      code: 'method_not_allowed',
      type: '/docs/problems#method_not_allowed',
      title: 'Method not allowed',
    })
    expect(problem.detail).toContain(allow)
  })

  it('needs no key to say so, and says it before authenticating', async () => {
    const response = await t.call('/v1/accounts', { method: 'POST', scope: null })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
  })

  it.each([
    ['GET', '/v1/nothing-here'],
    ['POST', '/v1/accounts/acme.pl/nothing'],
    ['DELETE', '/nowhere'],
    ['GET', '/v1'],
  ])('an unknown path stays 404: %s %s', async (method, path) => {
    const response = await t.call(path, { method, scope: 'admin' })
    expect(response.status).toBe(404)
    expect(response.headers.get('allow')).toBeNull()
    expect((await problemOf(response)).code).toBe('not_found')
  })

  it('a known method on a known path that finds nothing is 404, not 405', async () => {
    const response = await t.call('/v1/accounts/nobody-here.com', { scope: 'read' })
    expect(response.status).toBe(404)
    expect(response.headers.get('allow')).toBeNull()
  })

  it('lists method_not_allowed among the problem types', async () => {
    const html = await (await t.app.request('/docs/problems')).text()
    expect(html).toContain('id="method_not_allowed"')
    expect(html).toMatch(/method_not_allowed[\s\S]*Allow/)
  })
})
