import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { storedSignals, testDbPath } from '../helpers/stored.ts'

let t: TestApp
let path: string
beforeEach(async () => {
  path = testDbPath('segment-taxonomy')
  t = await buildTestApp({ DB_PATH: path })
  const identified = await send('/v1/identify', {
    userId: 'u-42',
    traits: { email: 'anna.nowak@acme.pl' },
  })
  expect(identified.status).toBe(200)
})

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const send = (path: string, body: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { authorization: basic(t.keys.write), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

const stored = () =>
  storedSignals(path).map(({ type, topic, topicSource, title, query }) => ({
    type,
    topic,
    topicSource,
    title,
    query,
  }))

describe('Segment page and track events get the taxonomy’s topic', () => {
  it('from a page’s URL', async () => {
    await send('/v1/page', {
      userId: 'u-42',
      properties: { url: 'https://www.g2.com/categories/crm', title: 'Best CRM Software 2026' },
    })
    expect(stored()).toEqual([
      {
        type: 'web_visit',
        topic: 'CRM Software',
        topicSource: 'derived',
        title: 'Best CRM Software 2026',
        query: null,
      },
    ])
  })

  it('from a Polish page title (properties or context.page), and a Russian one', async () => {
    await send('/v1/batch', {
      batch: [
        {
          type: 'page',
          userId: 'u-42',
          messageId: 'p-1',
          properties: {
            url: 'https://vendor.example/pl/',
            title: 'Hurtownie danych w chmurze – poradnik',
          },
        },
        {
          type: 'page',
          userId: 'u-42',
          messageId: 'p-2',
          context: { page: { url: 'https://vendor.example/ru/', title: 'Облачная безопасность' } },
        },
      ],
    })
    expect(stored().map((s) => [s.topic, s.title])).toEqual([
      ['Data Warehouse', 'Hurtownie danych w chmurze – poradnik'],
      ['Cloud Security', 'Облачная безопасность'],
    ])
  })

  it('from a German search, in properties.query, the page’s ?q= or its keywords', async () => {
    await send('/v1/batch', {
      batch: [
        {
          type: 'track',
          userId: 'u-42',
          messageId: 's-1',
          event: 'Product Searched',
          properties: { query: 'Lagerverwaltungssoftware für KMU' },
        },
        {
          type: 'page',
          userId: 'u-42',
          messageId: 's-2',
          properties: {
            url: 'https://vendor.example/suche',
            search: '?q=Zeiterfassung+App&utm_source=x',
          },
        },
        {
          type: 'page',
          userId: 'u-42',
          messageId: 's-3',
          properties: {
            url: 'https://vendor.example/x',
            keywords: ['Fuhrparkmanagement', 'Telematik'],
          },
        },
      ],
    })
    expect(stored().map((s) => [s.type, s.topic, s.query])).toEqual([
      ['search', 'Warehouse Management', 'Lagerverwaltungssoftware für KMU'],
      ['web_visit', 'Workforce Management', 'Zeiterfassung App'],
      ['web_visit', 'Fleet Management', 'Fuhrparkmanagement, Telematik'],
    ])
  })

  it('keeps a research event’s type when the taxonomy names its topic, else makes it a web visit', async () => {
    await send('/v1/batch', {
      batch: [
        {
          type: 'track',
          userId: 'u-42',
          messageId: 'w-1',
          event: 'Whitepaper Downloaded',
          properties: { title: 'Przewodnik: zarządzanie łańcuchem dostaw' },
        },
        {
          type: 'track',
          userId: 'u-42',
          messageId: 'w-2',
          event: 'Whitepaper Downloaded',
          properties: { title: 'Our annual report' },
        },
      ],
    })
    expect(stored().map((s) => [s.type, s.topic])).toEqual([
      ['content', 'Supply Chain Management'],
      ['web_visit', null],
    ])
  })

  it('while an explicit topic always wins, and an over-long title is cut, not refused', async () => {
    await send('/v1/track', {
      userId: 'u-42',
      event: 'Webinar Attended',
      properties: {
        topic: 'ERP',
        url: 'https://www.g2.com/categories/crm',
        title: 'x'.repeat(600),
      },
    })
    const [signal] = stored()
    expect([signal!.topic, signal!.topicSource, signal!.title!.length]).toEqual([
      'ERP',
      'sent',
      500,
    ])
  })
})
