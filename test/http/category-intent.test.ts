import { beforeAll, describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'

const DAY = 86_400_000
const AS_OF = Date.UTC(2026, 10, 1)
// Five topics of the default taxonomy's Security category, and one of another category.
const SECURITY = [
  'Cloud Security',
  'Endpoint Protection',
  'SIEM',
  'Email Security',
  'Network Security',
]
let t: TestApp

/**
 * 105 days of reading each topic every third day; in the last 21, on the security topics,
 * one more read every fourth day: about 1.75× the baseline on each, a small rise that is not
 * significant on any one topic, but is on the five together.
 */
function history(domain: string, rise: boolean) {
  const signals = []
  for (let day = 1; day <= 105; day++) {
    const at = (hour: number) => new Date(AS_OF - day * DAY + hour * 3_600_000).toISOString()
    for (const [index, topic] of [...SECURITY, 'CRM Software'].entries()) {
      const contact = `p${index}@${domain}`
      if (day % 3 === 0) signals.push({ type: 'content', contact, topic, occurredAt: at(9) })
      if (rise && day <= 21 && day % 4 === 0 && topic !== 'CRM Software')
        signals.push({
          type: 'content',
          contact: `new${index}@${domain}`,
          topic,
          occurredAt: at(15),
        })
    }
  }
  return signals
}

const iso = (ms: number) => new Date(ms).toISOString()

beforeAll(async () => {
  t = await buildTestApp()
  t.clock.set(AS_OF + 5 * DAY)
  for (const [domain, rise] of [
    ['secure.com', true],
    ['calm.com', false],
  ] as const) {
    const response = await t.json('/v1/signals', 'POST', { signals: history(domain, rise) })
    expect(response.status).toBe(200)
  }
})

const detail = async (domain: string) => {
  const response = await t.call(`/v1/accounts/${domain}?asOf=${iso(AS_OF)}`, { scope: 'read' })
  expect(response.status).toBe(200)
  return AccountDetailSchema.parse(await response.json())
}

describe('category-level intent over HTTP', () => {
  it('surges a category from small rises on several of its topics, none surging alone', async () => {
    const body = await detail('secure.com')
    const security = body.topics.filter((topic) => topic.category === 'Security')
    expect(security.map((topic) => topic.topic).sort()).toEqual([...SECURITY].sort())
    for (const topic of security) {
      expect(topic.recent).toBeGreaterThan(topic.expected)
      expect(topic.surge).toBeLessThanOrEqual(60)
    }
    expect(body.intent.surgingTopics).toEqual([])
    expect(body.intent.surgingCategories).toEqual(['Security'])
  })

  it('leaves a steady account with no surging category', async () => {
    const body = await detail('calm.com')
    expect(body.intent.surgingTopics).toEqual([])
    expect(body.intent.surgingCategories).toEqual([])
  })

  it('ignores activity after asOf', async () => {
    // A month earlier, before the rise, the same account has no surging category.
    const response = await t.call(`/v1/accounts/secure.com?asOf=${iso(AS_OF - 30 * DAY)}`, {
      scope: 'read',
    })
    const body = AccountDetailSchema.parse(await response.json())
    expect(body.intent.surgingCategories).toEqual([])
  })

  it('follows the taxonomy: a category the taxonomy no longer lists stops surging', async () => {
    const put = await t.json(
      '/v1/taxonomy',
      'PUT',
      {
        topics: SECURITY.map((name, index) => ({
          name,
          // Each topic in a category of its own: nothing pools any more.
          category: `Security ${index + 1}`,
          keywords: [],
          urls: [],
        })),
      },
      'admin',
    )
    expect(put.status).toBe(200)
    const body = await detail('secure.com')
    expect(body.topics.find((topic) => topic.topic === 'SIEM')?.category).toBe('Security 3')
    expect(body.intent.surgingCategories).toEqual([])
  })
})
