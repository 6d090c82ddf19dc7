import { createHmac } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/clock.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext } from '../../src/composition-root.ts'
import { raisedEvents } from '../../src/domain/notifications.ts'
import { backoffMs, MAX_ATTEMPTS } from '../../src/domain/deliveries.ts'
import { deliverDue } from '../../src/jobs/delivery-worker.ts'
import { createLogger } from '../../src/logger.ts'
import { buildTestApp } from '../helpers/app.ts'
import { causeStageChange } from '../helpers/outbound.ts'

const SECRET = 'receiver-secret-0123456789'
const T0 = Date.UTC(2026, 10, 1, 12)
/** The receivers below listen on 127.0.0.1, which only the operator's allowance opens. */
const ALLOW_LOOPBACK = { OUTBOUND_ALLOW_HOSTS: ['127.0.0.1'] }

/** A local receiver: answers with the next status in `plan` (then 200), records what it got. */
function receiver(plan: number[]) {
  const received: { headers: IncomingMessage['headers']; body: string; status: number }[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      const status = plan.shift() ?? 200
      received.push({ headers: request.headers, body, status })
      response.writeHead(status).end()
    })
  })
  return { server, received }
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
    ),
  )

describe('notification rules', () => {
  const sub = {
    id: 's',
    url: 'http://x',
    events: ['score.crossed', 'label.changed', 'stage.changed'],
    threshold: 60,
    secret: SECRET,
    createdAt: 0,
  }
  it('raise events only on changes, and only those subscribed to', () => {
    expect(raisedEvents(null, { score: 80, label: 'hot', stage: 'decision' }, sub)).toEqual([])
    expect(
      raisedEvents(
        { score: 55, label: 'warm', stage: 'awareness' },
        { score: 61, label: 'hot', stage: 'awareness' },
        sub,
      ),
    ).toEqual(['score.crossed', 'label.changed'])
    expect(
      raisedEvents(
        { score: 61, label: 'hot', stage: 'awareness' },
        { score: 59, label: 'warm', stage: 'decision' },
        { ...sub, events: ['stage.changed'] },
      ),
    ).toEqual(['stage.changed'])
    expect(
      raisedEvents(
        { score: 40, label: 'warm', stage: 'none' },
        { score: 45, label: 'warm', stage: 'none' },
        sub,
      ),
    ).toEqual([])
  })

  it('back off exponentially with jitter, between half and all of 30 s × 2^(n−1), capped at 6 h', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, () => 0))).toEqual([15_000, 30_000, 60_000])
    expect([1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([30_000, 60_000, 120_000])
    expect(backoffMs(20, () => 1)).toBe(6 * 3_600_000)
  })
})

describe('deliveries', () => {
  const servers: Server[] = []
  afterAll(() => {
    for (const server of servers) server.close()
  })

  it('retry on the documented schedule until the receiver succeeds, signed, with one idempotency key', async () => {
    const t = await buildTestApp(ALLOW_LOOPBACK)
    t.clock.set(T0)
    const { server, received } = receiver([500, 503])
    servers.push(server)
    const url = await listen(server)
    const created = await t.json(
      '/v1/subscriptions',
      'POST',
      { url, events: ['stage.changed'], secret: SECRET },
      'admin',
    )
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    await causeStageChange(t.ctx, 'acme.pl')

    const deps = { random: () => 0.5 }
    const schedule: number[] = []
    for (let round = 0; round < 3; round++) {
      expect(await deliverDue(t.ctx, deps)).toBe(1)
      const [delivery] = await t.ctx.store.outbox.deliveries(id, 10)
      if (delivery!.status === 'pending') {
        schedule.push(delivery!.nextAttemptAt - t.clock.now())
        t.clock.set(delivery!.nextAttemptAt)
      }
    }
    expect(schedule).toEqual([22_500, 45_000])
    expect(received.map((r) => r.status)).toEqual([500, 503, 200])
    const keys = new Set(received.map((r) => r.headers['idempotency-key']))
    expect(keys.size).toBe(1)
    for (const r of received) {
      const [t0, v1] = String(r.headers['x-signature'])
        .split(',')
        .map((part) => part.split('=')[1])
      expect(v1).toBe(createHmac('sha256', SECRET).update(`${t0}.${r.body}`).digest('hex'))
    }
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      event: 'stage.changed',
      account: 'acme.pl',
      previousStage: 'none',
    })
    const listed = (await (
      await t.call(`/v1/subscriptions/${id}/deliveries`, { scope: 'admin' })
    ).json()) as { data: { status: string; attempts: number }[] }
    expect(listed.data).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3 })])
  })

  it('dead-letters a delivery after the last attempt, visibly', async () => {
    const t = await buildTestApp(ALLOW_LOOPBACK)
    t.clock.set(T0)
    const { server } = receiver(Array.from({ length: 20 }, () => 500))
    servers.push(server)
    const url = await listen(server)
    const { id } = (await (
      await t.json(
        '/v1/subscriptions',
        'POST',
        { url, events: ['stage.changed'], secret: SECRET },
        'admin',
      )
    ).json()) as { id: string }
    await causeStageChange(t.ctx, 'beta.de')
    for (let round = 0; round < MAX_ATTEMPTS; round++) {
      t.clock.set(t.clock.now() + 7 * 3_600_000)
      await deliverDue(t.ctx, { random: () => 1 })
    }
    const listed = (await (
      await t.call(`/v1/subscriptions/${id}/deliveries`, { scope: 'admin' })
    ).json()) as { data: { status: string; attempts: number; lastError: string }[] }
    expect(listed.data).toEqual([
      expect.objectContaining({ status: 'dead', attempts: MAX_ATTEMPTS, lastError: 'http_5xx' }),
    ])
  })

  it('survive a restart between enqueue and delivery', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'intent-outbox-')), 'intent.db')
    const { server, received } = receiver([])
    servers.push(server)
    const url = await listen(server)
    const open = () =>
      buildContext(testConfig({ DB_PATH: dbPath, ...ALLOW_LOOPBACK }), {
        clock: fixedClock(T0),
        logger: createLogger('silent'),
      })
    const first = open()
    await first.store.outbox.subscribe({
      id: 'sub_restart',
      url,
      events: ['stage.changed'],
      threshold: 60,
      secret: SECRET,
      createdAt: T0,
    })
    await causeStageChange(first, 'gamma.com')
    expect(await first.store.outbox.pendingCount()).toBe(1)
    await first.store.close() // the process stops before delivering

    const second = open()
    expect(await deliverDue(second, { random: () => 0.5 })).toBe(1)
    expect(received).toHaveLength(1)
    expect(await second.store.outbox.pendingCount()).toBe(0)
    await second.store.close()
  })
})
