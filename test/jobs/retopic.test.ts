import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { retopic } from '../../src/jobs/retopic.ts'
import { DEFAULT_TAXONOMY } from '../../src/taxonomy/default.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { runIntent } from '../helpers/spawn.ts'
import { rollupsAndRebuilt, storedSignals, testDbPath } from '../helpers/stored.ts'
import { contentDigest } from '../helpers/digest.ts'

const DAY = 86_400_000
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`
const dayOf = (day: number) => Math.floor(Date.parse(at(day)) / DAY)

/** A database whose topic-less signals were stored under a taxonomy that derived nothing. */
async function seeded(options: { maxTopics?: number } = {}) {
  const path = testDbPath('retopic')
  const overrides: Record<string, string> = { DB_PATH: path }
  if (options.maxTopics !== undefined) {
    const scoring = join(dirname(path), 'scoring.json')
    writeFileSync(scoring, JSON.stringify({ maxTopicsPerWindow: options.maxTopics }))
    overrides.SCORING_CONFIG = scoring
  }
  const t = await buildTestApp(overrides)
  const taxonomy = (topics: readonly unknown[]) =>
    t.json('/v1/taxonomy', 'PUT', { topics }, 'admin')
  expect(
    (await taxonomy([{ name: 'Unrelated', category: 'X', keywords: ['zzzz'], urls: [] }])).status,
  ).toBe(200)
  const signals = [
    {
      type: 'web_visit',
      account: 'acme.pl',
      contact: 'anna@acme.pl',
      url: 'https://www.g2.com/categories/crm',
      occurredAt: at(20),
    },
    {
      type: 'content',
      account: 'acme.pl',
      contact: 'anna@acme.pl',
      topic: 'ERP',
      occurredAt: at(20),
    },
    {
      type: 'web_visit',
      account: 'acme.pl',
      contact: 'piotr@acme.pl',
      title: 'Jak wybrać hurtownię danych?',
      occurredAt: at(21),
    },
    { type: 'form', account: 'acme.pl', title: 'Contact us', occurredAt: at(21) },
    { type: 'email', account: 'acme.pl', action: 'open', occurredAt: at(22) },
    {
      type: 'web_visit',
      account: 'beta.de',
      topic: 'Our Topic',
      url: 'https://www.g2.com/categories/crm',
      occurredAt: at(22),
    },
    {
      type: 'web_visit',
      account: 'beta.de',
      query: 'Lagerverwaltungssoftware',
      occurredAt: at(23),
    },
    {
      type: 'web_visit',
      contact: 'jan@gmail.com',
      title: 'Облачная безопасность',
      occurredAt: at(23),
    },
  ]
  const ingested = await t.json('/v1/signals', 'POST', { signals })
  expect(ingested.status).toBe(200)
  return { t, path, taxonomy }
}

/** A second connection, as another process would open it. */
function withDb<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path)
  try {
    return work(db)
  } finally {
    db.close()
  }
}

const explicitRows = (path: string) =>
  storedSignals(path).filter((signal) => signal.topicSource === 'sent')

const run = (t: TestApp, stopAfterPages = Number.POSITIVE_INFINITY, pageSize = 2) => {
  let pages = 0
  return retopic(t.ctx, { shouldStop: () => pages++ >= stopAfterPages, pageSize })
}

describe('intent retopic', () => {
  it('gives topic-less signals the current taxonomy’s topics and rebuilds the rollups they change', async () => {
    const { t, path, taxonomy } = await seeded()
    expect(
      storedSignals(path)
        .filter((s) => s.topic !== null)
        .map((s) => s.topic),
    ).toEqual(['ERP', 'Our Topic'])
    await taxonomy(DEFAULT_TAXONOMY)
    const explicit = explicitRows(path)
    withDb(path, (db) => {
      db.exec('DELETE FROM dirty_accounts')
      db.prepare(
        `INSERT INTO peer_baselines (first_day, last_day, config_hash, computed_at, body) VALUES
         (?, ?, 'h', 1, '{}'), (?, ?, 'h', 1, '{}')`,
      ).run(dayOf(20) - 30, dayOf(20) + 3, dayOf(20) - 200, dayOf(20) - 100)
    })

    const result = await run(t)
    expect(result).toEqual({
      examined: 5,
      retopiced: 4,
      capped: 0,
      accounts: 2,
      resumedAfter: 0,
      interrupted: false,
    })
    expect(storedSignals(path).map((s) => [s.type, s.topic, s.topicSource])).toEqual([
      ['web_visit', 'CRM Software', 'derived'],
      ['content', 'ERP', 'sent'],
      ['web_visit', 'Data Warehouse', 'derived'],
      ['form', null, null],
      ['email', null, null],
      ['web_visit', 'Our Topic', 'sent'],
      ['web_visit', 'Warehouse Management', 'derived'],
      ['web_visit', 'Cloud Security', 'derived'],
    ])
    // Signals with a sent topic are exactly as they were.
    expect(explicitRows(path)).toEqual(explicit)
    const { stored, rebuilt } = rollupsAndRebuilt(path)
    expect(stored).toEqual(rebuilt)
    withDb(path, (db) => {
      const dirty = db.prepare('SELECT account_id FROM dirty_accounts ORDER BY 1').all()
      expect(dirty).toHaveLength(2)
      // The baseline window holding the changed days is gone; the one far before stays.
      const windows = db.prepare('SELECT first_day FROM peer_baselines').all()
      expect(windows).toEqual([{ first_day: dayOf(20) - 200 }])
    })
    // The look-up sees the new topics, with their categories.
    const account = (await (await t.call('/v1/accounts/acme.pl', { scope: 'read' })).json()) as {
      topics: { topic: string; category: string | null }[]
    }
    expect(account.topics.map((s) => [s.topic, s.category]).sort()).toEqual([
      ['CRM Software', 'Sales'],
      ['Data Warehouse', 'Data & Analytics'],
      ['ERP', 'Manufacturing'],
    ])
  })

  it('changes nothing when run again, and leaves stored topics alone when the taxonomy changes', async () => {
    const { t, path, taxonomy } = await seeded()
    await taxonomy(DEFAULT_TAXONOMY)
    await run(t)
    const before = await contentDigest(t.ctx.store)
    const again = await run(t)
    expect([again.examined, again.retopiced]).toEqual([1, 0])
    // Only the checkpoint row's time could differ, and it is cleared at the end.
    expect(await contentDigest(t.ctx.store)).toBe(before)
    await taxonomy([{ name: 'Reviews', category: 'R', keywords: [], urls: ['g2.com/*'] }])
    const after = await run(t)
    expect(after.retopiced).toBe(0)
    expect(storedSignals(path)[0]!.topic).toBe('CRM Software')
  })

  it('resumes where an interrupted run stopped, ending as an uninterrupted run does', async () => {
    const whole = await seeded()
    await whole.taxonomy(DEFAULT_TAXONOMY)
    await run(whole.t)

    const { t, path, taxonomy } = await seeded()
    await taxonomy(DEFAULT_TAXONOMY)
    const first = await run(t, 1, 2)
    expect(first).toMatchObject({ examined: 2, retopiced: 2, interrupted: true, resumedAfter: 0 })
    expect(await t.ctx.store.checkpoints.get('retopic')).toMatchObject({ done: 2 })
    const second = await run(t, Number.POSITIVE_INFINITY, 2)
    expect(second).toMatchObject({ examined: 3, retopiced: 2, interrupted: false, resumedAfter: 2 })
    expect(await t.ctx.store.checkpoints.get('retopic')).toBeNull()
    expect(storedSignals(path)).toEqual(storedSignals(whole.path))
    expect(rollupsAndRebuilt(path)).toEqual(rollupsAndRebuilt(whole.path))
  })

  it('starts over when the taxonomy changed since the interrupted run', async () => {
    const { t, taxonomy } = await seeded()
    await taxonomy(DEFAULT_TAXONOMY)
    await run(t, 1, 2)
    await taxonomy([...DEFAULT_TAXONOMY].reverse())
    const resumed = await run(t)
    expect(resumed.resumedAfter).toBe(0)
    expect(resumed.examined).toBe(3)
  })

  it('keeps the topic limit: a derived topic past it leaves the signal topic-less, a sent one dropped by it is never touched', async () => {
    const { t, path, taxonomy } = await seeded({ maxTopics: 1 })
    // beta.de had 'Our Topic' in the window, acme.pl 'ERP': one topic each.
    const sentButCapped = await t.json('/v1/signals', 'POST', {
      signals: [
        {
          type: 'web_visit',
          account: 'acme.pl',
          topic: 'Kubernetes',
          url: 'https://www.g2.com/categories/crm',
          occurredAt: at(20),
        },
      ],
    })
    expect(((await sentButCapped.json()) as { warnings: unknown[] }).warnings).toHaveLength(1)
    await taxonomy(DEFAULT_TAXONOMY)
    const result = await run(t)
    expect(result.capped).toBe(3)
    const rows = storedSignals(path)
    expect(rows.map((s) => [s.topic, s.topicSource])).toEqual([
      [null, null],
      ['ERP', 'sent'],
      [null, null],
      [null, null],
      [null, null],
      ['Our Topic', 'sent'],
      [null, null],
      ['Cloud Security', 'derived'],
      [null, 'sent'],
    ])
    expect(rollupsAndRebuilt(path).stored).toEqual(rollupsAndRebuilt(path).rebuilt)
  })

  it('runs as `intent retopic`, with progress on stderr and exit code 0', async () => {
    const { t, path, taxonomy } = await seeded()
    await taxonomy(DEFAULT_TAXONOMY)
    await t.ctx.store.close()
    const running = runIntent(['retopic', '--db', path])
    expect(await running.exited).toBe(0)
    expect(running.stderr()).toMatch(/examined 5 topic-less signals: 4 got a topic, on 2 accounts/)
    expect(storedSignals(path).filter((s) => s.topicSource === 'derived')).toHaveLength(4)
  }, 60_000)
})
