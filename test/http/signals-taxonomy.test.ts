import { beforeEach, describe, expect, it } from 'vitest'
import { IngestResultSchema } from '../../src/http/presenters.ts'
import { buildTestApp, type problemOf, type TestApp } from '../helpers/app.ts'
import { storedSignals, testDbPath } from '../helpers/stored.ts'

let t: TestApp
let path: string
beforeEach(async () => {
  path = testDbPath('signals-taxonomy')
  t = await buildTestApp({ DB_PATH: path })
})

const signal = (fields: Record<string, unknown>) => ({
  account: 'acme.pl',
  contact: 'anna@acme.pl',
  occurredAt: '2026-11-20T10:00:00Z',
  ...fields,
})

const post = async (signals: unknown[]) => {
  const response = await t.json('/v1/signals', 'POST', { signals })
  return { response, body: await response.json() }
}

const topicsOf = () => storedSignals(path).map((s) => [s.topic, s.topicSource])

describe('signals without a topic get the taxonomy’s', () => {
  it.each([
    [
      'a review-site URL',
      { type: 'web_visit', url: 'https://www.g2.com/categories/crm?page=2' },
      'CRM Software',
    ],
    [
      'a vendor-category URL',
      { type: 'review', url: 'https://www.capterra.com/data-warehouse-software/' },
      'Data Warehouse',
    ],
    [
      'a Polish title',
      { type: 'content', title: 'Jak wybrać hurtownię danych dla firmy?' },
      'Data Warehouse',
    ],
    [
      'a Russian title',
      { type: 'content', title: 'Построение корпоративного хранилища данных' },
      'Data Warehouse',
    ],
    [
      'a German query',
      { type: 'search', query: 'Lagerverwaltungssoftware Vergleich 2026' },
      'Warehouse Management',
    ],
    ['an English title', { type: 'content', title: 'Top 10 CRM systems for SMBs' }, 'CRM Software'],
    [
      'a URL path',
      { type: 'web_visit', url: 'https://vendor.example/pl/blog/data-warehouse-guide' },
      'Data Warehouse',
    ],
  ])('from %s', async (_, fields, topic) => {
    const { response, body } = await post([signal(fields)])
    expect(response.status).toBe(200)
    expect(IngestResultSchema.parse(body)).toEqual({ accepted: 1, duplicates: 0 })
    expect(topicsOf()).toEqual([[topic, 'derived']])
    // Stored as the signal's topic, so rollups and surge see it.
    const account = (await (await t.call('/v1/accounts/acme.pl', { scope: 'read' })).json()) as {
      topics: { topic: string; category: string | null }[]
    }
    expect(account.topics.map((s) => s.topic)).toEqual([topic])
  })

  it('the same way over NDJSON', async () => {
    const lines = [
      signal({ type: 'content', title: 'Облачная безопасность для банков' }),
      signal({
        type: 'search',
        query: 'Zeiterfassung für Mitarbeiter',
        occurredAt: '2026-11-21T10:00:00Z',
      }),
    ]
    const response = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: lines.map((line) => JSON.stringify(line)).join('\n'),
    })
    expect(response.status).toBe(200)
    expect(topicsOf()).toEqual([
      ['Cloud Security', 'derived'],
      ['Workforce Management', 'derived'],
    ])
  })

  it('while a sent topic always wins, and is stored as sent', async () => {
    await post([
      signal({ type: 'content', topic: 'Our Topic', title: 'Jak wybrać hurtownię danych?' }),
      signal({
        type: 'web_visit',
        topic: 'ERP',
        url: 'https://www.g2.com/categories/crm',
        occurredAt: '2026-11-21T10:00:00Z',
      }),
    ])
    expect(topicsOf()).toEqual([
      ['Our Topic', 'sent'],
      ['ERP', 'sent'],
    ])
  })

  it('keeps a web visit, form or e-mail that matches nothing topic-less', async () => {
    const { response } = await post([
      signal({ type: 'web_visit', url: 'https://www.vendor.example/careers' }),
      signal({ type: 'form', title: 'Contact us', occurredAt: '2026-11-21T10:00:00Z' }),
      signal({ type: 'email', action: 'open', occurredAt: '2026-11-22T10:00:00Z' }),
    ])
    expect(response.status).toBe(200)
    expect(topicsOf()).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ])
  })

  it('and refuses content, search and review that neither name one nor match one, saying why', async () => {
    const { response, body } = await post([
      signal({ type: 'content', title: 'Quarterly results 2026' }),
      signal({ type: 'search' }),
      signal({ type: 'review', title: 'Hurtownia danych', occurredAt: 'yesterday' }),
      signal({ type: 'content', title: 'Jak wybrać hurtownię danych?' }),
    ])
    expect(response.status).toBe(400)
    const issues = (body as Awaited<ReturnType<typeof problemOf>>).issues!
    expect(issues.map((issue) => [issue.pointer, issue.message])).toEqual([
      [
        '/signals/0/topic',
        'is required for content signals: no taxonomy topic matches their url, title or query',
      ],
      [
        '/signals/1/topic',
        'is required for search signals (or a url, title or query that a taxonomy topic matches)',
      ],
      ['/signals/2/occurredAt', expect.stringMatching(/ISO 8601/)],
    ])
    expect(storedSignals(path)).toEqual([])
  })

  it('stores title and query as sent, and refuses them past 500 characters', async () => {
    await post([signal({ type: 'search', title: 'Szukaj', query: '  hurtownia danych  ' })])
    expect(storedSignals(path).map((s) => [s.title, s.query])).toEqual([
      ['Szukaj', 'hurtownia danych'],
    ])
    const { response, body } = await post([
      signal({ type: 'web_visit', title: 't'.repeat(501), query: 'q'.repeat(501) }),
    ])
    expect(response.status).toBe(400)
    expect(
      (body as Awaited<ReturnType<typeof problemOf>>).issues!.map((i) => [i.pointer, i.message]),
    ).toEqual([
      ['/signals/0/title', 'must be at most 500 characters'],
      ['/signals/0/query', 'must be at most 500 characters'],
    ])
  })

  it('a replay is a duplicate even after the taxonomy changed what it derives', async () => {
    const topicless = signal({ type: 'web_visit', url: 'https://www.g2.com/categories/crm' })
    expect((await post([topicless])).body).toEqual({ accepted: 1, duplicates: 0 })
    const put = await t.json(
      '/v1/taxonomy',
      'PUT',
      { topics: [{ name: 'Reviews', category: 'Research', keywords: [], urls: ['g2.com/*'] }] },
      'admin',
    )
    expect(put.status).toBe(200)
    expect((await post([topicless])).body).toEqual({ accepted: 0, duplicates: 1 })
    // New signals follow the new taxonomy; the stored one keeps its topic.
    await post([{ ...topicless, occurredAt: '2026-11-21T10:00:00Z' }])
    expect(topicsOf()).toEqual([
      ['CRM Software', 'derived'],
      ['Reviews', 'derived'],
    ])
  })

  it('a signal with title or query but the same sent content as before keeps its old key', async () => {
    const before = signal({ type: 'content', topic: 'ERP' })
    await post([before])
    expect((await post([before])).body).toEqual({ accepted: 0, duplicates: 1 })
    expect((await post([{ ...before, title: 'ERP' }])).body).toEqual({ accepted: 1, duplicates: 0 })
  })
})

describe('OpenAPI', () => {
  it('shows title and query on a signal', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      components: {
        schemas: Record<string, { properties: Record<string, { maxLength?: number }> }>
      }
    }
    const { title, query } = doc.components.schemas.Signal!.properties
    expect(title?.maxLength).toBe(500)
    expect(query?.maxLength).toBe(500)
  })
})
