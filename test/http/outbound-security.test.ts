import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { createSecureContext } from 'node:tls'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deliverDue } from '../../src/jobs/delivery-worker.ts'
import { buildTestApp, fakeDns, problemOf, type TestApp } from '../helpers/app.ts'
import { causeStageChange, closedPort, localReceiver } from '../helpers/outbound.ts'
import { TEST_CERT, TEST_KEY } from '../helpers/tls.ts'

const SECRET = 'receiver-secret-0123456789'
const ALLOW_LOOPBACK = { OUTBOUND_ALLOW_HOSTS: ['127.0.0.1'] }
const deps = { random: () => 0.5 }
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function receiver(handle: Parameters<typeof localReceiver>[0]) {
  const r = await localReceiver(handle)
  cleanups.push(r.close)
  return r
}

const create = (t: TestApp, url: string, extra: Record<string, unknown> = {}) =>
  t.json(
    '/v1/subscriptions',
    'POST',
    { url, events: ['stage.changed'], secret: SECRET, ...extra },
    'admin',
  )

async function subscribed(t: TestApp, url: string): Promise<string> {
  const response = await create(t, url)
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: string }).id
}

interface Listed {
  status: string
  attempts: number
  lastError: string | null
  lastStatus?: number | null
  nextAttemptAt: string | null
}
async function deliveries(t: TestApp, id: string): Promise<{ data: Listed[]; text: string }> {
  const text = await (await t.call(`/v1/subscriptions/${id}/deliveries`, { scope: 'admin' })).text()
  return { data: (JSON.parse(text) as { data: Listed[] }).data, text }
}

/** One delivery of one stage change to `url`, attempted once; what the deliveries API then says. */
async function deliverOnce(t: TestApp, id: string) {
  await causeStageChange(t.ctx, 'acme.pl')
  expect(await deliverDue(t.ctx, deps)).toBe(1)
  const listed = await deliveries(t, id)
  expect(listed.data).toHaveLength(1)
  return { ...listed.data[0]!, text: listed.text }
}

describe('security: SSRF through subscriptions (finding 1) — refused at creation', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.0.0.1:6379/',
    'http://localhost/hook',
    'http://LOCALHOST./hook',
    'http://admin.localhost/hook',
    'http://[::1]/hook',
    'http://0.0.0.0/hook',
    'http://0/hook',
    'http://[::]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://127.1/hook',
    'http://017700000001/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:169.254.169.254]/hook',
    'http://[64:ff9b::10.0.0.1]/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.1/hook',
    'http://172.31.255.255/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://[fc00::1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://[fe80::1]/hook',
    'http://224.0.0.251/hook',
  ])('refuses %s with 400 on url, writing nothing', async (url) => {
    const t = await buildTestApp()
    const response = await create(t, url)
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues).toEqual([
      expect.objectContaining({
        in: 'body',
        pointer: '/url',
        message: expect.stringMatching(/internal address/),
      }),
    ])
    expect(await t.ctx.store.outbox.subscriptions()).toEqual([])
  })

  it.each([
    ['credentials', 'https://user:pass@crm.example/hook', /credentials/],
    ['a user name', 'https://user@crm.example/hook', /credentials/],
    ['another scheme', 'ftp://crm.example/hook', /http or https/],
    ['a file URL', 'file:///etc/passwd', /http or https/],
  ])('refuses a URL with %s', async (_, url, message) => {
    const t = await buildTestApp()
    const response = await create(t, url)
    expect(response.status).toBe(400)
    const issues = (await problemOf(response)).issues!
    expect(issues.map((issue) => issue.pointer)).toEqual(['/url'])
    expect(issues[0]!.message).toMatch(message)
  })

  it('lists every issue at once: an internal target and a short secret', async () => {
    const t = await buildTestApp()
    const response = await create(t, 'http://10.0.0.1/', { secret: 'short' })
    expect(response.status).toBe(400)
    const pointers = (await problemOf(response)).issues!.map((issue) => issue.pointer).sort()
    expect(pointers).toEqual(['/secret', '/url'])
  })

  it.each([
    ['an internal address', ['127.0.0.1']],
    ['a public and a private address', ['93.184.215.14', '10.0.0.7']],
    ['an IPv4-mapped loopback', ['::ffff:127.0.0.1']],
  ])('refuses a name that resolves to %s', async (_, addresses) => {
    const t = await buildTestApp({}, { lookup: fakeDns({ 'evil.example': addresses }) })
    const response = await create(t, 'https://evil.example/hook')
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues![0]).toMatchObject({
      pointer: '/url',
      message: expect.stringMatching(/internal address/),
    })
  })

  it.each([
    'https://crm.example/hook',
    'https://not-yet-in-dns.example/hook',
    'http://172.32.0.1/hook',
    'http://100.128.0.1/hook',
    'http://11.0.0.1/hook',
    'http://[2606:4700::1111]/hook',
  ])('accepts the public target %s (a name not yet in DNS is checked at delivery)', async (url) => {
    const t = await buildTestApp({}, { lookup: fakeDns({ 'crm.example': ['93.184.215.14'] }) })
    expect((await create(t, url)).status).toBe(201)
  })

  it('accepts an internal host the operator allows in OUTBOUND_ALLOW_HOSTS, by name, IP or range', async () => {
    const t = await buildTestApp(
      { OUTBOUND_ALLOW_HOSTS: ['crm.internal', '127.0.0.1', '10.20.0.0/16'] },
      { lookup: fakeDns({ 'crm.internal': ['10.9.9.9'] }) },
    )
    for (const url of ['http://crm.internal/h', 'http://127.0.0.1:9/h', 'http://10.20.3.4/h'])
      expect((await create(t, url)).status).toBe(201)
    expect((await create(t, 'http://10.21.0.1/h')).status).toBe(400)
    expect((await create(t, 'http://127.0.0.2/h')).status).toBe(400)
  })
})

describe('security: SSRF through subscriptions (finding 1) — checked again at delivery', () => {
  it('refuses at delivery a loopback target stored before the check, never connecting', async () => {
    const r = await receiver((_, response) => response.end())
    const t = await buildTestApp()
    // As a row created before this check, or while OUTBOUND_ALLOW_HOSTS allowed it.
    await t.ctx.store.outbox.subscribe({
      id: 'sub_old',
      url: r.url(),
      events: ['stage.changed'],
      threshold: 60,
      secret: SECRET,
      createdAt: t.clock.now(),
    })
    const delivery = await deliverOnce(t, 'sub_old')
    expect(delivery).toMatchObject({ status: 'dead', attempts: 1, lastError: 'refused_address' })
    expect(r.received).toEqual([])
  })

  it('the same loopback receiver is allowed with OUTBOUND_ALLOW_HOSTS=127.0.0.1', async () => {
    const r = await receiver((_, response) => response.end('ok'))
    const t = await buildTestApp()
    expect((await create(t, r.url())).status).toBe(400)
    const allowed = await buildTestApp(ALLOW_LOOPBACK)
    const id = await subscribed(allowed, r.url())
    expect(await deliverOnce(allowed, id)).toMatchObject({ status: 'delivered', lastError: null })
    expect(r.received).toHaveLength(1)
  })

  it('a name that resolves to 127.0.0.1 at delivery (DNS rebinding) fails refused_address, not retried', async () => {
    const r = await receiver((_, response) => response.end())
    const table: Record<string, string[]> = { 'evil.example': ['93.184.215.14'] }
    const t = await buildTestApp({}, { lookup: fakeDns(table) })
    const id = await subscribed(t, r.url('/hook', 'evil.example'))
    table['evil.example'] = ['127.0.0.1']
    const delivery = await deliverOnce(t, id)
    expect(delivery).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'refused_address',
      nextAttemptAt: null,
    })
    expect(r.received).toEqual([])
  })

  it('connects to the address it checked, once resolved, with the name as Host', async () => {
    const r = await receiver((_, response) => response.end())
    const dns = fakeDns({ 'hooks.example': ['127.0.0.1'] })
    const t = await buildTestApp(ALLOW_LOOPBACK, { lookup: dns })
    const id = await subscribed(t, r.url('/hook', 'hooks.example'))
    const before = dns.calls.length
    expect(await deliverOnce(t, id)).toMatchObject({ status: 'delivered' })
    expect(dns.calls.length - before).toBe(1)
    expect(r.received[0]!.headers.host).toBe(`hooks.example:${r.port}`)
  })

  it('never follows a redirect: a 3xx fails with class redirect, signature sent once', async () => {
    const r = await receiver((_, response) =>
      response.writeHead(302, { location: '/landed' }).end(),
    )
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const id = await subscribed(t, r.url())
    expect(await deliverOnce(t, id)).toMatchObject({ status: 'pending', lastError: 'redirect' })
    expect(r.received.map((got) => got.path)).toEqual(['/hook'])
  })

  it('stops reading a reply past 64 KiB (reply_too_large) without buffering the rest', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 120)
    const total = 200 * 1024 * 1024
    let written = 0
    const r = await receiver((_, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' })
      const pump = () => {
        while (written < total) {
          written += chunk.length
          if (!response.write(chunk)) return void response.once('drain', pump)
        }
        response.end()
      }
      pump()
    })
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const id = await subscribed(t, r.url())
    expect(await deliverOnce(t, id)).toMatchObject({ lastError: 'reply_too_large' })
    expect(written).toBeLessThan(32 * 1024 * 1024)
  })

  it('refuses a reply that announces more than 64 KiB', async () => {
    const r = await receiver((_, response) => {
      response.writeHead(200, { 'content-length': String(400 * 1024 * 1024) })
      response.write('x')
    })
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const id = await subscribed(t, r.url())
    expect(await deliverOnce(t, id)).toMatchObject({ lastError: 'reply_too_large' })
  })

  it.each([
    ['never answers', () => {}],
    [
      'answers headers, then drips',
      (response: import('node:http').ServerResponse) => {
        response.writeHead(200)
        response.write('x')
      },
    ],
  ])('gives up on a receiver that %s after 10 s in all (class timeout)', async (_, answer) => {
    let arrived!: () => void
    const got = new Promise<void>((resolve) => {
      arrived = resolve
    })
    const r = await receiver((_, response) => {
      answer(response)
      arrived()
    })
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const id = await subscribed(t, r.url())
    await causeStageChange(t.ctx, 'acme.pl')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const round = deliverDue(t.ctx, deps)
    await got
    await vi.advanceTimersByTimeAsync(9_999)
    expect((await deliveries(t, id)).data[0]!.attempts).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    await round
    expect((await deliveries(t, id)).data[0]).toMatchObject({ lastError: 'timeout', attempts: 1 })
  })
})

describe('security: SSRF through subscriptions (finding 1) — lastError is only a class', () => {
  it('says http_5xx, never the reply body', async () => {
    const r = await receiver((_, response) =>
      response.writeHead(500).end('stack trace: internal-secret-detail at 10.0.0.5'),
    )
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const delivery = await deliverOnce(t, await subscribed(t, r.url()))
    expect(delivery).toMatchObject({ status: 'pending', lastError: 'http_5xx' })
    expect(delivery.text).not.toMatch(/internal-secret-detail|10\.0\.0\.5/)
  })

  it('names the status of an error reply beside its class (issue 18), and none without a reply', async () => {
    const r = await receiver((_, response) => response.writeHead(503).end('busy at 10.0.0.5'))
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const delivery = await deliverOnce(t, await subscribed(t, r.url()))
    expect(delivery).toMatchObject({ status: 'pending', lastError: 'http_5xx', lastStatus: 503 })
    expect(delivery.text).not.toMatch(/busy|10\.0\.0\.5/)

    const closed = await buildTestApp(ALLOW_LOOPBACK)
    const port = await closedPort()
    const refused = await deliverOnce(closed, await subscribed(closed, `http://127.0.0.1:${port}/`))
    expect(refused).toMatchObject({ lastError: 'connect', lastStatus: null })
  })

  it('says http_4xx for a 404', async () => {
    const r = await receiver((_, response) => response.writeHead(404).end('no such hook'))
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const delivery = await deliverOnce(t, await subscribed(t, r.url()))
    expect(delivery).toMatchObject({ lastError: 'http_4xx' })
  })

  it('says connect for a closed port, never the socket error (no port scanner)', async () => {
    const port = await closedPort()
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const delivery = await deliverOnce(t, await subscribed(t, `http://127.0.0.1:${port}/`))
    expect(delivery).toMatchObject({ status: 'pending', lastError: 'connect' })
    expect(delivery.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:/)
  })

  it('says tls when the TLS handshake fails', async () => {
    const r = await receiver((_, response) => response.end())
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const id = await subscribed(t, r.url().replace('http:', 'https:'))
    expect(await deliverOnce(t, id)).toMatchObject({ lastError: 'tls' })
  })

  it('keeps the name for TLS (SNI) while connecting to the pinned address; an untrusted certificate is tls', async () => {
    let sni: string | undefined
    const server = createHttpsServer(
      {
        key: TEST_KEY,
        cert: TEST_CERT,
        SNICallback: (name, done) => {
          sni = name
          done(null, createSecureContext({ key: TEST_KEY, cert: TEST_CERT }))
        },
      },
      (_, response) => response.end(),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
    const port = (server.address() as AddressInfo).port
    const t = await buildTestApp(ALLOW_LOOPBACK, {
      lookup: fakeDns({ 'hooks.example': ['127.0.0.1'] }),
    })
    const id = await subscribed(t, `https://hooks.example:${port}/hook`)
    expect(await deliverOnce(t, id)).toMatchObject({ status: 'pending', lastError: 'tls' })
    expect(sni).toBe('hooks.example')
  })

  it('says dns for a name that does not resolve, and retries it', async () => {
    const t = await buildTestApp()
    const delivery = await deliverOnce(t, await subscribed(t, 'https://gone.example/hook'))
    expect(delivery).toMatchObject({ status: 'pending', lastError: 'dns' })
  })

  it('shows a class for an error stored as text by an older version', async () => {
    const t = await buildTestApp({}, { lookup: fakeDns({ 'crm.example': ['93.184.215.14'] }) })
    const id = await subscribed(t, 'https://crm.example/hook')
    await causeStageChange(t.ctx, 'acme.pl')
    const [pending] = await t.ctx.store.outbox.deliveries(id, 1)
    await t.ctx.store.outbox.markFailed(pending!.id, 1, 0, 'connect ECONNREFUSED 10.0.0.5:6379')
    const listed = await deliveries(t, id)
    expect(listed.data[0]!.lastError).toBe('connect')
    expect(listed.text).not.toMatch(/ECONNREFUSED|10\.0\.0\.5/)
  })
})

describe('security: credentials in subscription URLs (noticed beside finding 1)', () => {
  it('never lists the user name or password of a subscription stored before they were refused', async () => {
    const t = await buildTestApp()
    await t.ctx.store.outbox.subscribe({
      id: 'sub_legacy',
      url: 'https://crm-user:hunter2-password@crm.example/hooks/intent?x=1',
      events: ['stage.changed'],
      threshold: 60,
      secret: SECRET,
      createdAt: t.clock.now(),
    })
    const text = await (await t.call('/v1/subscriptions', { scope: 'admin' })).text()
    expect(JSON.parse(text)).toEqual({
      data: [expect.objectContaining({ url: 'https://crm.example/hooks/intent?x=1' })],
    })
    expect(text).not.toMatch(/hunter2|crm-user/)
  })
})
