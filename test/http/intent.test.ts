import { beforeAll, describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

const DAY = 86_400_000
const AS_OF = Date.UTC(2026, 10, 1)
let t: TestApp

/** Three weeks of steady reading on two topics, then a burst on one of them by new people. */
function history(domain: string, burst: boolean) {
  const signals = []
  for (let day = 1; day <= 105; day++) {
    const at = (hour: number) => new Date(AS_OF - day * DAY + hour * 3_600_000).toISOString()
    signals.push({
      type: 'content',
      account: domain,
      contact: `ana@${domain}`,
      topic: 'Data Warehouse',
      occurredAt: at(9),
    })
    signals.push({
      type: 'search',
      account: domain,
      contact: `bo@${domain}`,
      topic: 'CRM Software',
      occurredAt: at(11),
    })
    if (burst && day <= 14) {
      for (const person of ['cfo', 'cto', 'it', 'buyer']) {
        signals.push({
          type: 'content',
          account: domain,
          contact: `${person}@${domain}`,
          topic: 'data warehouse',
          occurredAt: at(14),
        })
      }
    }
  }
  return signals
}

beforeAll(async () => {
  t = await buildTestApp()
  t.clock.set(AS_OF + 5 * DAY)
  for (const [domain, burst] of [
    ['surging.com', true],
    ['steady.com', false],
  ] as const) {
    const signals = history(domain, burst)
    for (let i = 0; i < signals.length; i += 1000) {
      const response = await t.json('/v1/signals', 'POST', { signals: signals.slice(i, i + 1000) })
      expect(response.status).toBe(200)
    }
  }
})

const detail = async (domain: string, query = `?asOf=${new Date(AS_OF).toISOString()}`) => {
  const response = await t.call(`/v1/accounts/${domain}${query}`, { scope: 'read' })
  expect(response.status).toBe(200)
  return AccountDetailSchema.parse(await response.json())
}

describe('GET /v1/accounts/{domain} intent', () => {
  it('shows a surging topic first, with its evidence and the intent summary', async () => {
    const body = await detail('surging.com')
    expect(body.asOf).toBe(new Date(AS_OF).toISOString())
    const [top, other] = body.topics
    expect(top).toMatchObject({ topic: 'Data Warehouse', contacts: 5 })
    expect(top!.surge).toBeGreaterThan(60)
    expect(top!.recent).toBeGreaterThan(top!.expected)
    expect(top!.confidence).toBeGreaterThan(0.95)
    expect(other).toMatchObject({ topic: 'CRM Software' })
    expect(Math.abs(other!.surge - 50)).toBeLessThan(3)
    expect(body.intent).toMatchObject({ surgingTopics: ['Data Warehouse'], breadth: 0.5 })
    expect(body.intent.lastSignalAt).toBe(new Date(AS_OF - DAY + 14 * 3_600_000).toISOString())
  })

  it('keeps a steady account at its baseline', async () => {
    const body = await detail('steady.com')
    expect(body.intent.surgingTopics).toEqual([])
    for (const topic of body.topics) expect(Math.abs(topic.surge - 50)).toBeLessThan(3)
  })

  it('answers as of an earlier instant with only what had happened by then', async () => {
    const before = await detail('surging.com', `?asOf=${new Date(AS_OF - 15 * DAY).toISOString()}`)
    expect(before.intent.surgingTopics).toEqual([])
    expect(before.intent.lastSignalAt).toBe(
      new Date(AS_OF - 16 * DAY + 11 * 3_600_000).toISOString(),
    )
  })

  it.each(['yesterday', '2026-11-01T09:30', `${new Date(AS_OF + 30 * DAY).toISOString()}`])(
    'refuses asOf=%s',
    async (asOf) => {
      const response = await t.call(`/v1/accounts/surging.com?asOf=${asOf}`, { scope: 'read' })
      expect(response.status).toBe(400)
      expect((await problemOf(response)).issues).toEqual([
        expect.objectContaining({ in: 'query', path: ['asOf'] }),
      ])
    },
  )
})

describe('topics', () => {
  it('GET /v1/topics lists topics with recent activity, most accounts first', async () => {
    const response = await t.call(`/v1/topics?asOf=${new Date(AS_OF).toISOString()}`, {
      scope: 'read',
    })
    const body = (await response.json()) as {
      data: { topic: string; accounts: number; signals: number }[]
    }
    expect(body.data.map((row) => row.topic).sort()).toEqual(['CRM Software', 'Data Warehouse'])
    expect(body.data.every((row) => row.accounts === 2)).toBe(true)
  })

  it('GET /v1/topics/{topic}/accounts lists the accounts surging on it, matched case-insensitively', async () => {
    const response = await t.call(
      `/v1/topics/DATA%20WAREHOUSE/accounts?asOf=${new Date(AS_OF).toISOString()}`,
      { scope: 'read' },
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      topic: string
      data: { domain: string; surge: number }[]
    }
    expect(body.topic).toBe('Data Warehouse')
    expect(body.data.map((row) => row.domain)).toEqual(['surging.com'])
    expect(body.data[0]!.surge).toBeGreaterThan(60)
  })

  it('an unknown topic is a 404 problem', async () => {
    const response = await t.call('/v1/topics/quantum%20knitting/accounts', { scope: 'read' })
    expect(response.status).toBe(404)
  })
})
