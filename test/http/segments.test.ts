import { afterEach, describe, expect, it } from 'vitest'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { deliverDue } from '../../src/jobs/delivery-worker.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { localReceiver } from '../helpers/outbound.ts'

const SECRET = 'receiver-secret-0123456789'
const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The receiver listens on 127.0.0.1, which only the operator's allowance opens. */
const ALLOW_LOOPBACK = { OUTBOUND_ALLOW_HOSTS: ['127.0.0.1'] }

let closeReceiver = async () => {}
afterEach(() => closeReceiver())

interface SegmentEvent {
  event: string
  segment: string
  account: string
  score: number
  label: string
}

/** A receiver that answers 200 and keeps each delivery's body. */
async function eventReceiver() {
  const bodies: SegmentEvent[] = []
  const receiver = await localReceiver((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      bodies.push(JSON.parse(body) as SegmentEvent)
      response.writeHead(200).end()
    })
  })
  closeReceiver = receiver.close
  return { url: receiver.url(), bodies }
}

/** Thirty forms and meetings from six people in the last day and a half: a hot account. */
async function heatUp(t: TestApp, domain: string) {
  const now = t.clock.now()
  const signals = Array.from({ length: 30 }, (_, i) => ({
    id: `${domain}-${now}-${i}`,
    type: i % 2 ? 'meeting' : 'form',
    account: domain,
    contact: `p${i % 6}@${domain}`,
    topic: 'ERP',
    occurredAt: new Date(now - (i + 1) * HOUR).toISOString(),
  }))
  expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
}

async function members(t: TestApp, id: string): Promise<string[]> {
  const response = await t.call(`/v1/segments/${id}/accounts?limit=500`, { scope: 'read' })
  expect(response.status).toBe(200)
  const page = (await response.json()) as { items: { domain: string }[] }
  return page.items.map((item) => item.domain)
}

/** The leaderboard's own answer to the same filter: what the segment must hold. */
async function leaderboard(t: TestApp): Promise<string[]> {
  const response = await t.call('/v1/accounts?sort=score&label=hot&country=PL&limit=500', {
    scope: 'read',
  })
  const page = (await response.json()) as { data: { domain: string }[] }
  return page.data.map((row) => row.domain).sort()
}

/** Runs the refresher's work until nothing is dirty, then one delivery round. */
async function settle(t: TestApp) {
  while ((await refreshDirtyScores(t.ctx, 200)) > 0) {}
  while ((await deliverDue(t.ctx, { random: () => 0.5 })) > 0) {}
}

describe('a segment of hot accounts in Poland', () => {
  it('holds exactly those accounts as scores and firmographics change, and tells a subscriber each entry and exit once', async () => {
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const { url, bodies } = await eventReceiver()
    for (const [domain, country] of [
      ['hot.pl', 'PL'],
      ['hot.de', 'DE'],
      ['later.pl', 'PL'],
    ] as const)
      expect((await t.json(`/v1/accounts/${domain}`, 'PUT', { country })).status).toBe(201)
    await heatUp(t, 'hot.pl')
    await heatUp(t, 'hot.de')
    await settle(t)

    const subscribed = await t.json(
      '/v1/subscriptions',
      'POST',
      { url, events: ['segment.entered', 'segment.exited'], secret: SECRET },
      'admin',
    )
    expect(subscribed.status).toBe(201)
    const created = await t.json('/v1/segments', 'POST', {
      name: 'Hot in Poland',
      filter: { label: 'hot', country: 'PL' },
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    // Its first members are read, not announced.
    expect(await members(t, id)).toEqual(['hot.pl'])
    await settle(t)
    expect(bodies).toEqual([])

    // A signal burst, scored by the refresher: it enters, once, however often it is rescored.
    t.clock.set(t.clock.now() + HOUR)
    await heatUp(t, 'later.pl')
    await settle(t)
    await heatUp(t, 'later.pl')
    await settle(t)
    expect(await members(t, id)).toEqual(['hot.pl', 'later.pl'])
    expect(await members(t, id)).toEqual(await leaderboard(t))

    // Firmographics move it at once, against its stored score; coming back is a new entry.
    await t.json('/v1/accounts/hot.pl', 'PUT', { country: 'DE' })
    expect(await members(t, id)).toEqual(['later.pl'])
    await t.json('/v1/accounts/hot.pl', 'PUT', { country: 'PL' })
    await settle(t)
    expect(await members(t, id)).toEqual(['hot.pl', 'later.pl'])

    // Two months on, the burst has cooled: the next rescoring takes it out.
    t.clock.set(t.clock.now() + 60 * DAY)
    const quiet = {
      type: 'web_visit',
      account: 'later.pl',
      occurredAt: new Date(t.clock.now()).toISOString(),
    }
    expect((await t.json('/v1/signals', 'POST', { signals: [quiet] })).status).toBe(200)
    await settle(t)
    expect(await members(t, id)).toEqual(['hot.pl'])

    expect(bodies.map((body) => [body.event, body.account])).toEqual([
      ['segment.entered', 'later.pl'],
      ['segment.exited', 'hot.pl'],
      ['segment.entered', 'hot.pl'],
      ['segment.exited', 'later.pl'],
    ])
    for (const body of bodies) expect(body.segment).toBe(id)
    expect(bodies[0]).toMatchObject({ label: 'hot', score: expect.any(Number) })
    expect(bodies[0]!.score).toBeGreaterThanOrEqual(60)
    expect(bodies[3]!.label).not.toBe('hot')
  })

  it('loses an erased account without announcing it, and never takes it back', async () => {
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const { url, bodies } = await eventReceiver()
    await t.json(
      '/v1/subscriptions',
      'POST',
      { url, events: ['segment.entered', 'segment.exited'], secret: SECRET },
      'admin',
    )
    const { id } = (await (
      await t.json('/v1/segments', 'POST', { name: 'Hot', filter: { label: 'hot' } })
    ).json()) as { id: string }
    await t.json('/v1/accounts/gone.pl', 'PUT', { country: 'PL' })
    await heatUp(t, 'gone.pl')
    while ((await refreshDirtyScores(t.ctx, 200)) > 0) {}
    expect(await members(t, id)).toEqual(['gone.pl'])

    expect(
      (await t.call('/v1/accounts/gone.pl', { method: 'DELETE', scope: 'admin' })).status,
    ).toBe(200)
    expect(await members(t, id)).toEqual([])
    expect((await t.json('/v1/accounts/gone.pl', 'PUT', { country: 'PL' })).status).toBe(409)
    await settle(t)
    expect(await members(t, id)).toEqual([])
    // Its queued entry went with it, as every notification naming an erased account does.
    expect(bodies).toEqual([])
  })

  it('delivers only the segments a subscription names', async () => {
    const t = await buildTestApp(ALLOW_LOOPBACK)
    const { url, bodies } = await eventReceiver()
    const ids: string[] = []
    for (const country of ['PL', 'DE']) {
      const response = await t.json('/v1/segments', 'POST', {
        name: `Hot ${country}`,
        filter: { label: 'hot', country },
      })
      ids.push(((await response.json()) as { id: string }).id)
    }
    const subscribed = await t.json(
      '/v1/subscriptions',
      'POST',
      { url, events: ['segment.entered'], segments: [ids[1]], secret: SECRET },
      'admin',
    )
    expect(subscribed.status).toBe(201)
    expect(await subscribed.json()).toMatchObject({ segments: [ids[1]] })
    for (const [domain, country] of [
      ['a.pl', 'PL'],
      ['b.de', 'DE'],
    ] as const) {
      await t.json(`/v1/accounts/${domain}`, 'PUT', { country })
      await heatUp(t, domain)
    }
    await settle(t)
    expect(bodies.map((body) => [body.segment, body.account])).toEqual([[ids[1]!, 'b.de']])
  })
})
