import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const send = (path: string, method: string, headers: Record<string, string>, body: string) =>
  t.call(path, { method, headers, body, scope: 'admin' })

describe('415 names what was received and what is accepted (issue 18)', () => {
  it('on a route taking JSON or NDJSON', async () => {
    const response = await send('/v1/signals', 'POST', { 'content-type': 'text/csv' }, 'a,b')
    expect(response.status).toBe(415)
    const problem = await problemOf(response)
    expect(problem.code).toBe('unsupported_media_type')
    expect(problem.detail).toBe(
      'Received Content-Type "text/csv"; this route accepts application/json or application/x-ndjson.',
    )
  })

  it('on a route taking JSON only, with the parameters as sent', async () => {
    const response = await send(
      '/v1/taxonomy',
      'PUT',
      { 'content-type': 'application/xml; charset=utf-8' },
      '<taxonomy/>',
    )
    expect(response.status).toBe(415)
    expect((await problemOf(response)).detail).toBe(
      'Received Content-Type "application/xml; charset=utf-8"; this route accepts application/json.',
    )
  })

  it('when a body came without any Content-Type', async () => {
    const response = await t.app.request('/v1/accounts/acme.pl', {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.keys.write}` },
      body: new Uint8Array([123, 125]),
    })
    expect(response.status).toBe(415)
    expect((await problemOf(response)).detail).toBe(
      'The request has a body but no Content-Type; this route accepts application/json.',
    )
  })

  it('echoes a long Content-Type cut short', async () => {
    const sent = `application/${'x'.repeat(5000)}`
    const response = await send('/v1/titles/classify', 'POST', { 'content-type': sent }, '{}')
    expect(response.status).toBe(415)
    const { detail } = await problemOf(response)
    expect(detail.length).toBeLessThan(200)
    expect(detail).toContain(`"${sent.slice(0, 100)}"`)
    expect(detail).toMatch(/accepts application\/json\.$/)
  })
})

describe('a refused read does not say "nothing was written" (issue 18)', () => {
  it.each([
    '/v1/accounts?limit=0',
    '/v1/accounts?sort=sideways',
    '/v1/topics?asOf=soon',
    '/v1/accounts/acme.pl/history?from=yesterday',
    `/v1/topics?cursor=${Buffer.from('{"v":1}').toString('base64url')}&asOf=2026-11-01`,
  ])('GET %s', async (path) => {
    const response = await t.call(path, { scope: 'read' })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.code).toBe('validation_failed')
    expect(problem.detail).not.toMatch(/written/i)
    expect(problem.detail).toMatch(/^The request has \d+ invalid fields?\.$/)
  })

  it('a refused write still does', async () => {
    const put = await t.json('/v1/accounts/acme.pl', 'PUT', { employees: -1 })
    expect(put.status).toBe(400)
    expect((await problemOf(put)).detail).toBe(
      'The request has 1 invalid field; nothing was written.',
    )
    const del = await t.call('/v1/suppressions/not-an-address', {
      method: 'DELETE',
      scope: 'admin',
    })
    expect(del.status).toBe(400)
    expect((await problemOf(del)).detail).toMatch(/; nothing was written\.$/)
  })
})
