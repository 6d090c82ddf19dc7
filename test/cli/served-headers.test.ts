import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { startServer } from '../../src/server.ts'
import { problemOf } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'

// Over a real socket, @hono/node-server answers from its lightweight request and response
// objects, where the middleware sets headers differently than through app.request: every
// header that matters must still be there, on a look-up served from the cache too.

const KEY = 'a-test-admin-key-of-24-chars!'
const auth = { authorization: `Bearer ${KEY}` }
let dir: string
let server: Awaited<ReturnType<typeof startServer>>
let base: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intent-served-headers-'))
  server = await startServer(
    testConfig({
      DB_PATH: join(dir, 'intent.db'),
      PORT: 0,
      ADMIN_API_KEY: KEY,
      MAX_BODY_BYTES: 64 * 1024,
    }),
  )
  base = `http://127.0.0.1:${server.port}`
  const put = await fetch(`${base}/v1/accounts/acme.com`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme' }),
  })
  expect(put.status).toBe(201)
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

function expectServiceHeaders(response: Response) {
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('x-request-id')).toMatch(/^[\w-]+$/)
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/)
  expect(response.headers.get('referrer-policy')).toBe('no-referrer')
  expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin')
}

describe('headers over a real socket', () => {
  it('a look-up, first built and then from the cache, carries every service header', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${base}/v1/accounts/acme.com`, { headers: auth })
      expect(response.status).toBe(200)
      expectServiceHeaders(response)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      const bytes = await response.arrayBuffer()
      expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength)
      const body = AccountDetailSchema.parse(JSON.parse(new TextDecoder().decode(bytes)))
      expect(body.name).toBe('Acme')
    }
  })

  it('/ping and a refused look-up carry them too', async () => {
    const ping = await fetch(`${base}/ping`)
    expect(ping.status).toBe(200)
    expectServiceHeaders(ping)
    const refused = await fetch(`${base}/v1/accounts/acme.com`)
    expect(refused.status).toBe(401)
    expectServiceHeaders(refused)
    expect((await problemOf(refused)).code).toBe('unauthorized')
  })

  it('a POST over the body limit is still refused before it is read', async () => {
    const response = await fetch(`${base}/v1/signals`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ signals: [], padding: 'x'.repeat(128 * 1024) }),
    })
    expect(response.status).toBe(413)
    expectServiceHeaders(response)
    expect((await problemOf(response)).code).toBe('payload_too_large')
  })
})
