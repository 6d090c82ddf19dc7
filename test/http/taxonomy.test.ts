import { beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { TAXONOMY_LIMITS } from '../../src/ingest/taxonomy-schema.ts'
import { DEFAULT_TAXONOMY } from '../../src/taxonomy/default.ts'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const TaxonomyAnswer = z.strictObject({
  topics: z.array(
    z.strictObject({
      name: z.string(),
      category: z.string(),
      keywords: z.array(z.string()),
      urls: z.array(z.string()),
    }),
  ),
})

const OPS = {
  topics: [
    {
      name: 'Fleet Management',
      category: 'Operations',
      keywords: [
        'fleet management',
        'zarządzanie flotą',
        'управление автопарком',
        'Fuhrparkmanagement',
      ],
      urls: ['g2.com/categories/fleet-management*'],
    },
    { name: 'Routing', category: 'OPERATIONS', keywords: ['route planning'], urls: [] },
  ],
}

const getTaxonomy = async (scope: 'read' | 'admin' = 'read') => {
  const response = await t.call('/v1/taxonomy', { scope })
  expect(response.status).toBe(200)
  return TaxonomyAnswer.parse(await response.json())
}

const put = (body: unknown, scope: 'read' | 'write' | 'admin' = 'admin') =>
  t.json('/v1/taxonomy', 'PUT', body, scope)

describe('GET /v1/taxonomy', () => {
  it('answers the shipped taxonomy until one is stored, with a read key', async () => {
    expect((await getTaxonomy()).topics).toEqual(DEFAULT_TAXONOMY)
  })

  it('needs a key', async () => {
    expect((await t.call('/v1/taxonomy', { scope: null })).status).toBe(401)
  })
})

describe('PUT /v1/taxonomy', () => {
  it('replaces the taxonomy whole and answers it as it now applies', async () => {
    const response = await put(OPS)
    expect(response.status).toBe(200)
    expect(TaxonomyAnswer.parse(await response.json())).toEqual(OPS)
    expect(await getTaxonomy()).toEqual(OPS)
    // Replacing again replaces, and an empty taxonomy is a taxonomy (nothing is derived).
    expect((await put({ topics: [] })).status).toBe(200)
    expect(await getTaxonomy()).toEqual({ topics: [] })
  })

  it('is stored: another process on the same database reads it', async () => {
    await put(OPS)
    const other = await buildTestApp()
    // The same store, another cache: what a second process would hold.
    const { taxonomyCache } = await import('../../src/domain/taxonomy.ts')
    const cache = taxonomyCache(t.ctx.store)
    expect((await cache.refresh()).topics).toEqual(OPS.topics)
    expect((await other.ctx.taxonomy.refresh()).topics).toEqual(DEFAULT_TAXONOMY)
  })

  it('needs an admin key', async () => {
    for (const scope of ['read', 'write'] as const) {
      const response = await put(OPS, scope)
      expect(response.status).toBe(403)
      expect((await problemOf(response)).code).toBe('forbidden')
    }
    expect(await getTaxonomy()).toEqual({ topics: DEFAULT_TAXONOMY })
  })

  it('refuses a bad body whole, listing every issue with its path, and writes nothing', async () => {
    await put(OPS)
    const before = await contentDigest(t.ctx.store)
    const response = await put({
      topics: [
        {
          name: 'CRM',
          category: 'Sales',
          keywords: ['crm', '   ', '!!!'],
          urls: ['https://g2.com/crm'],
        },
        { name: ' crm ', category: '', keywords: ['CRM'], urls: ['*', 'g2.com/a b', 'x.com/?q=1'] },
        { name: 'ERP', category: 'Ops', keywords: 'erp', urls: [], colour: 'red' },
        { name: 'MES', category: 'Ops', keywords: [`${'word '.repeat(11)}`], urls: ['*.*'] },
        { category: 'Ops', keywords: [], urls: ['g2.com/categories/crm*'] },
      ],
      version: 2,
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.code).toBe('validation_failed')
    const issues = problem.issues!.map((issue) => `${issue.pointer}: ${issue.message}`)
    expect(issues).toEqual(
      expect.arrayContaining([
        '/topics/0/keywords/1: must not be empty',
        '/topics/0/keywords/2: must contain a letter or a digit',
        expect.stringMatching(/^\/topics\/0\/urls\/0: must not start with a scheme/),
        '/topics/1/category: must not be empty',
        expect.stringMatching(/^\/topics\/1\/urls\/0: is too broad/),
        '/topics/1/urls/1: must not contain spaces',
        expect.stringMatching(/^\/topics\/1\/urls\/2: must not contain \? or #/),
        expect.stringMatching(/^\/topics\/2\/keywords: /),
        '/topics/2/colour: is not a known field',
        '/topics/3/keywords/0: must have at most 10 words',
        expect.stringMatching(/^\/topics\/3\/urls\/0: is too broad/),
        expect.stringMatching(/^\/topics\/4\/name: /),
        '/version: is not a known field',
      ]),
    )
    expect(problem.issues!.every((issue) => issue.in === 'body')).toBe(true)
    expect(await contentDigest(t.ctx.store)).toBe(before)
    expect(await getTaxonomy()).toEqual(OPS)
  })

  it('refuses a name, keyword or URL pattern that two topics claim, at the second', async () => {
    const response = await put({
      topics: [
        {
          name: 'CRM',
          category: 'Sales',
          keywords: ['CRM system'],
          urls: ['g2.com/categories/crm*'],
        },
        {
          name: 'crm',
          category: 'Sales',
          keywords: ['crm-system', 'crm system'],
          urls: ['WWW.G2.com/categories/crm*/'],
        },
      ],
    })
    const issues = (await problemOf(response)).issues!.map((i) => [i.pointer, i.message])
    expect(issues).toEqual([
      ['/topics/1/name', "this name is already used by topics[0] ('CRM')"],
      ['/topics/1/keywords/0', "the keyword 'crm-system' is already used by topics[0] ('CRM')"],
      ['/topics/1/keywords/1', "the keyword 'crm system' is already used by topics[0] ('CRM')"],
      [
        '/topics/1/urls/0',
        "the URL pattern 'WWW.G2.com/categories/crm*/' is already used by topics[0] ('CRM')",
      ],
    ])
  })

  it('says a keyword or pattern twice in one topic once', async () => {
    const response = await put({
      topics: [
        {
          name: 'CRM',
          category: 'Sales',
          keywords: ['CRM system', 'crm-system', 'CRM'],
          urls: ['g2.com/categories/crm*', 'www.g2.com/categories/crm*'],
        },
      ],
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      topics: [
        {
          name: 'CRM',
          category: 'Sales',
          keywords: ['CRM system', 'CRM'],
          urls: ['g2.com/categories/crm*'],
        },
      ],
    })
  })

  it.each([
    [
      'topics',
      {
        topics: Array.from({ length: TAXONOMY_LIMITS.topics + 1 }, (_, i) => ({
          name: `T${i}`,
          category: 'c',
          keywords: [],
          urls: [],
        })),
      },
      '/topics',
      'must list at most 5000 topics',
    ],
    [
      'keywords',
      {
        topics: [
          {
            name: 'T',
            category: 'c',
            keywords: Array.from({ length: 101 }, (_, i) => `k${i}`),
            urls: [],
          },
        ],
      },
      '/topics/0/keywords',
      'must list at most 100 keywords',
    ],
    [
      'URL patterns',
      {
        topics: [
          {
            name: 'T',
            category: 'c',
            keywords: [],
            urls: Array.from({ length: 51 }, (_, i) => `site${i}.com`),
          },
        ],
      },
      '/topics/0/urls',
      'must list at most 50 URL patterns',
    ],
    [
      'a keyword',
      { topics: [{ name: 'T', category: 'c', keywords: ['k'.repeat(101)], urls: [] }] },
      '/topics/0/keywords/0',
      'must be at most 100 characters',
    ],
    [
      'a pattern',
      { topics: [{ name: 'T', category: 'c', keywords: [], urls: [`x.com/${'p'.repeat(300)}`] }] },
      '/topics/0/urls/0',
      'must be at most 300 characters',
    ],
    [
      'a category',
      { topics: [{ name: 'T', category: 'c'.repeat(101), keywords: [], urls: [] }] },
      '/topics/0/category',
      'must be at most 100 characters',
    ],
    [
      'a name',
      { topics: [{ name: 'n'.repeat(201), category: 'c', keywords: [], urls: [] }] },
      '/topics/0/name',
      'must be at most 200 characters',
    ],
  ])('refuses too many or too long %s with a clear 400', async (_, body, pointer, message) => {
    const before = await contentDigest(t.ctx.store)
    const response = await put(body)
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues).toContainEqual(expect.objectContaining({ pointer, message }))
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('refuses a body over MAX_BODY_BYTES with 413, and other media types with 415', async () => {
    const small = await buildTestApp({ MAX_BODY_BYTES: 1024 })
    const response = await small.json(
      '/v1/taxonomy',
      'PUT',
      { topics: [{ name: 'x'.repeat(2000), category: 'c', keywords: [], urls: [] }] },
      'admin',
    )
    expect(response.status).toBe(413)
    const text = await t.call('/v1/taxonomy', {
      method: 'PUT',
      scope: 'admin',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(text.status).toBe(415)
  })

  it('is documented in OpenAPI with its scopes and problems', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { tags: string[]; responses: Record<string, unknown> }>>
    }
    const { get, put: update } = doc.paths['/v1/taxonomy']!
    expect(get!.tags).toEqual(['taxonomy'])
    expect(Object.keys(get!.responses).sort()).toEqual(['200', '401', '429', '503'])
    expect(Object.keys(update!.responses).sort()).toEqual(
      ['200', '400', '401', '403', '413', '415', '429', '503'].sort(),
    )
  })
})

describe('categories in look-ups', () => {
  const signal = (topic: string, day: number) => ({
    type: 'content',
    account: 'acme.pl',
    topic,
    occurredAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`,
  })
  beforeEach(async () => {
    const response = await t.json('/v1/signals', 'POST', {
      signals: [
        signal('Data Warehouse', 20),
        signal('data  warehouse', 21),
        signal('Our Own Topic', 22),
      ],
    })
    expect(response.status).toBe(200)
  })

  const categoriesOf = (topics: { topic: string; category: string | null }[]) =>
    Object.fromEntries(topics.map((topic) => [topic.topic, topic.category]))

  it('GET /v1/accounts/{domain} carries each topic’s category, null outside the taxonomy', async () => {
    const body = (await (await t.call('/v1/accounts/acme.pl', { scope: 'read' })).json()) as {
      topics: { topic: string; category: string | null }[]
    }
    expect(categoriesOf(body.topics)).toEqual({
      'Data Warehouse': 'Data & Analytics',
      'Our Own Topic': null,
    })
  })

  it('follows a new taxonomy at once, also from the answer cache, matching case-insensitively', async () => {
    await t.call('/v1/accounts/acme.pl', { scope: 'read' })
    await put({
      topics: [
        { name: 'our own topic', category: 'Ours', keywords: [], urls: [] },
        { name: 'DATA WAREHOUSE', category: 'ours', keywords: [], urls: [] },
      ],
    })
    const body = (await (await t.call('/v1/accounts/acme.pl', { scope: 'read' })).json()) as {
      topics: { topic: string; category: string | null }[]
    }
    expect(categoriesOf(body.topics)).toEqual({ 'Data Warehouse': 'Ours', 'Our Own Topic': 'Ours' })
    const asOf = (await (
      await t.call('/v1/accounts/acme.pl?asOf=2026-11-25T00:00:00Z', { scope: 'read' })
    ).json()) as { topics: { topic: string; category: string | null }[] }
    expect(categoriesOf(asOf.topics)).toEqual(categoriesOf(body.topics))
  })

  it('GET /v1/topics and GET /v1/accounts/{domain}/topics carry it too', async () => {
    const topics = (await (await t.call('/v1/topics', { scope: 'read' })).json()) as {
      data: { topic: string; category: string | null }[]
    }
    expect(categoriesOf(topics.data)).toEqual({
      'Data Warehouse': 'Data & Analytics',
      'Our Own Topic': null,
    })
    const page = (await (
      await t.call('/v1/accounts/acme.pl/topics?limit=1', { scope: 'read' })
    ).json()) as { data: { topic: string; category: string | null }[]; nextCursor: string }
    const next = (await (
      await t.call(`/v1/accounts/acme.pl/topics?cursor=${page.nextCursor}`, { scope: 'read' })
    ).json()) as { data: { topic: string; category: string | null }[] }
    expect(categoriesOf([...page.data, ...next.data])).toEqual({
      'Data Warehouse': 'Data & Analytics',
      'Our Own Topic': null,
    })
  })

  it('topicCategories answers by topic id, null for topics outside it and unknown ids', async () => {
    const { topicCategories } = await import('../../src/domain/topic-categories.ts')
    const dw = (await t.ctx.store.topics.byKey('data warehouse'))!.id
    const own = (await t.ctx.store.topics.byKey('our own topic'))!.id
    expect(await topicCategories(t.ctx, [dw, own, 999_999])).toEqual(
      new Map<number, string | null>([
        [dw, 'Data & Analytics'],
        [own, null],
        [999_999, null],
      ]),
    )
  })
})
