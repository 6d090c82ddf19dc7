import { afterEach, expect, it } from 'vitest'
import type { LeaderboardFilter } from '../../../src/records.ts'
import type { Store } from '../../../src/store/index.ts'
import type { StoredScore } from '../../../src/store/repos/scores.ts'
import type {
  MembershipChange,
  MembershipEvents,
} from '../../../src/store/repos/segment-members.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const NOW = 1_700_000_000_000

const definition = (filter: LeaderboardFilter, name = 'Hot') => ({
  name,
  description: null,
  filter,
})

async function account(store: Store, domain: string, country = 'PL') {
  await store.accounts.upsert(domain, { name: `Name of ${domain}`, country }, NOW)
  return (await store.accounts.findWithId(domain))!.id
}

const scoreOf = (accountId: number, score: number, at = NOW): StoredScore => ({
  accountId,
  computedAt: at,
  modelId: 'm',
  score,
  probability: score / 100,
  label: score >= 70 ? 'hot' : 'warm',
  stage: 'consideration',
  fitGrade: null,
  surgingTopics: ['Cloud'],
  body: '{}',
})

async function score(store: Store, scores: StoredScore[], events: MembershipEvents | null = null) {
  await store.scores.saveMany(
    scores.map((s) => ({ score: s, notify: [] })),
    0,
    scores[0]!.computedAt,
    events,
  )
}

/** Segment events as outbox rows of subscription `s1`, and the changes seen, in order. */
function recorder() {
  const changes: MembershipChange[] = []
  let n = 0
  const events: MembershipEvents = (change) => {
    changes.push(change)
    n += 1
    return [
      {
        id: `ev-${n}-${Math.random().toString(36).slice(2)}`,
        subscriptionId: 's1',
        event: change.entered ? 'segment.entered' : 'segment.left',
        payload: JSON.stringify(change),
      },
    ]
  }
  return { changes, events }
}

async function subscribe(store: Store) {
  await store.outbox.subscribe({
    id: 's1',
    url: 'https://hooks.example/s1',
    events: ['segment.entered', 'segment.left'],
    threshold: 0,
    secret: 'x',
    createdAt: NOW,
  })
}

const domains = async (store: Store, id: string) =>
  (await store.savedSegments.members(id, null, 100, 0)).map((m) => m.domain)

describeEachEngine('saved segments and membership', ({ open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })
  const one = async () => {
    const store = await open()
    stores.push(store)
    return store
  }

  it('creates, lists, gets, updates and removes segments, within a limit', async () => {
    const store = await one()
    expect(await store.savedSegments.list()).toEqual([])
    const b = await store.savedSegments.create('seg_b', definition({ minScore: 70 }), NOW, 2)
    expect(b).toEqual({
      id: 'seg_b',
      name: 'Hot',
      description: null,
      filter: { minScore: 70 },
      createdAt: NOW,
      updatedAt: NOW,
      members: 0,
    })
    await store.savedSegments.create(
      'seg_a',
      { name: 'Poles', description: 'In Poland', filter: { country: 'pl' } },
      NOW,
      2,
    )
    // At the limit: null, nothing written.
    expect(await store.savedSegments.create('seg_c', definition({}), NOW, 2)).toBeNull()
    expect(await store.savedSegments.get('seg_c')).toBeNull()
    // A taken id is refused.
    await expect(store.savedSegments.create('seg_a', definition({}), NOW, 10)).rejects.toThrow()
    expect((await store.savedSegments.list()).map((s) => s.id)).toEqual(['seg_a', 'seg_b'])
    expect(await store.savedSegments.get('seg_a')).toMatchObject({
      description: 'In Poland',
      filter: { country: 'pl' },
    })

    const updated = await store.savedSegments.update(
      'seg_b',
      { name: 'Hotter', description: 'd', filter: { minScore: 80 } },
      NOW + 5,
    )
    expect(updated).toMatchObject({ name: 'Hotter', description: 'd', filter: { minScore: 80 } })
    expect(updated).toMatchObject({ createdAt: NOW, updatedAt: NOW + 5 })
    expect(await store.savedSegments.update('nobody', definition({}), NOW)).toBeNull()

    expect(await store.savedSegments.remove('seg_b')).toBe(true)
    expect(await store.savedSegments.remove('seg_b')).toBe(false)
    expect((await store.savedSegments.list()).map((s) => s.id)).toEqual(['seg_a'])
  })

  it('selects its first members from stored scores and pages them by domain', async () => {
    const store = await one()
    const ids: Record<string, number> = {}
    for (const [domain, points] of [
      ['c.com', 90],
      ['a.com', 75],
      ['b.com', 40],
      ['d.com', 71],
    ] as const) {
      ids[domain] = await account(store, domain)
      await score(store, [scoreOf(ids[domain]!, points)])
    }
    await store.scores.savePoints(ids['a.com']!, [
      { day: 5, score: 50, probability: 0.5, modelId: 'm' },
      { day: 8, score: 60, probability: 0.6, modelId: 'm' },
      { day: 12, score: 75, probability: 0.75, modelId: 'm' },
    ])
    const created = await store.savedSegments.create('seg', definition({ minScore: 70 }), NOW, 5)
    expect(created!.members).toBe(3)
    const page = await store.savedSegments.members('seg', null, 2, 10)
    expect(page).toEqual([
      {
        accountId: ids['a.com'],
        domain: 'a.com',
        name: 'Name of a.com',
        enteredAt: NOW,
        score: 75,
        label: 'hot',
        stage: 'consideration',
        scoreBefore: 60,
      },
      {
        accountId: ids['c.com'],
        domain: 'c.com',
        name: 'Name of c.com',
        enteredAt: NOW,
        score: 90,
        label: 'hot',
        stage: 'consideration',
        // The save stored day 0 of its history.
        scoreBefore: 90,
      },
    ])
    const next = await store.savedSegments.members('seg', 'c.com', 2, 4)
    expect(next.map((m) => m.domain)).toEqual(['d.com'])
    expect((await store.savedSegments.members('seg', null, 10, 4))[0]!.scoreBefore).toBe(75)
    expect((await store.savedSegments.members('seg', null, 10, -1))[0]!.scoreBefore).toBeNull()
    expect(await store.savedSegments.members('seg', 'd.com', 2, 10)).toEqual([])
    expect(await store.savedSegments.members('nobody', null, 10, 10)).toEqual([])
    // Folded text and JSON lists: the filter's SQL.
    await store.savedSegments.create('cloud', definition({ topic: 'CLOUD', country: 'pl' }), NOW, 5)
    expect(await domains(store, 'cloud')).toEqual(['a.com', 'b.com', 'c.com', 'd.com'])
    await store.savedSegments.create('none', definition({ topic: 'Data' }), NOW, 5)
    expect(await domains(store, 'none')).toEqual([])
  })

  it('recomputes members on a new filter only, kept members keeping their entry time', async () => {
    const store = await one()
    const a = await account(store, 'a.com')
    const b = await account(store, 'b.com')
    await score(store, [scoreOf(a, 90), scoreOf(b, 60)])
    await store.savedSegments.create('seg', definition({ minScore: 80 }), NOW, 5)
    await store.savedSegments.update('seg', definition({ minScore: 80 }, 'Renamed'), NOW + 1)
    expect((await store.savedSegments.members('seg', null, 10, 0))[0]!.enteredAt).toBe(NOW)
    const wider = await store.savedSegments.update('seg', definition({ minScore: 50 }), NOW + 2)
    expect(wider!.members).toBe(2)
    const members = await store.savedSegments.members('seg', null, 10, 0)
    expect(members.map((m) => [m.domain, m.enteredAt])).toEqual([
      ['a.com', NOW],
      ['b.com', NOW + 2],
    ])
    const narrower = await store.savedSegments.update('seg', definition({ minScore: 70 }), NOW + 3)
    expect(narrower!.members).toBe(1)
    expect(await domains(store, 'seg')).toEqual(['a.com'])
  })

  it('moves accounts in and out as scores and firmographics change, queueing their events', async () => {
    const store = await one()
    await subscribe(store)
    await store.savedSegments.create('seg_hot', definition({ minScore: 70 }), NOW, 5)
    await store.savedSegments.create('seg_pl', definition({ country: 'PL' }, 'Poles'), NOW, 5)
    const a = await account(store, 'a.com')
    const b = await account(store, 'b.com', 'DE')
    const { changes, events } = recorder()

    await score(
      store,
      [scoreOf(a, 80, NOW + 1), scoreOf(b, 90, NOW + 1), scoreOf(a, 80, NOW + 1)],
      events,
    )
    expect(changes.map((c) => [c.segmentId, c.domain, c.entered])).toEqual([
      ['seg_hot', 'a.com', true],
      ['seg_pl', 'a.com', true],
      ['seg_hot', 'b.com', true],
    ])
    expect(changes[0]).toEqual({
      segmentId: 'seg_hot',
      segmentName: 'Hot',
      domain: 'a.com',
      entered: true,
      score: { score: 80, label: 'hot', stage: 'consideration', modelId: 'm' },
    })
    expect(await domains(store, 'seg_hot')).toEqual(['a.com', 'b.com'])
    expect(await domains(store, 'seg_pl')).toEqual(['a.com'])
    const queued = await store.outbox.deliveries('s1', 10)
    expect(queued.map((d) => d.event).sort()).toEqual([
      'segment.entered',
      'segment.entered',
      'segment.entered',
    ])

    // The same score again: nobody moves.
    await score(store, [scoreOf(a, 80, NOW + 2)], events)
    expect(changes).toHaveLength(3)

    // A lower score: out of the hot segment only.
    await score(store, [scoreOf(a, 50, NOW + 3)], events)
    expect(changes.slice(3).map((c) => [c.segmentId, c.domain, c.entered])).toEqual([
      ['seg_hot', 'a.com', false],
    ])
    expect(await domains(store, 'seg_hot')).toEqual(['b.com'])

    // Firmographics: b moves to Poland, a leaves it, tested against their stored scores.
    const moved = await store.accounts.upsertMany(
      [
        { domain: 'b.com', patch: { country: 'PL' }, guard: [] },
        { domain: 'a.com', patch: { country: 'FR' }, guard: [] },
      ],
      NOW + 4,
      events,
    )
    expect('written' in moved).toBe(true)
    expect(changes.slice(4).map((c) => [c.segmentId, c.domain, c.entered])).toEqual([
      ['seg_pl', 'b.com', true],
      ['seg_pl', 'a.com', false],
    ])
    expect(changes[4]!.score).toEqual({
      score: 90,
      label: 'hot',
      stage: 'consideration',
      modelId: 'm',
    })
    const pl = await store.savedSegments.members('seg_pl', null, 10, 0)
    expect(pl.map((m) => [m.domain, m.enteredAt])).toEqual([['b.com', NOW + 4]])
    // An account without a score keeps its membership (none) and causes nothing.
    const c = await account(store, 'c.com')
    await store.accounts.upsert('c.com', { country: 'PL' }, NOW + 5, [], events)
    expect(changes).toHaveLength(6)
    expect(c).toBeGreaterThan(0)
    expect((await store.outbox.deliveries('s1', 10)).length).toBe(6)
    // Without events: membership moves, nothing queued.
    await score(store, [scoreOf(a, 95, NOW + 6)])
    expect(await domains(store, 'seg_hot')).toEqual(['a.com', 'b.com'])
    expect((await store.outbox.deliveries('s1', 10)).length).toBe(6)
    // A segment removed takes its members with it.
    expect(await store.savedSegments.remove('seg_hot')).toBe(true)
    expect(await store.savedSegments.members('seg_hot', null, 10, 0)).toEqual([])
  })

  it('holds the same members whether a score write moved them or the filter selected them', async () => {
    const store = await one()
    const filters: LeaderboardFilter[] = [
      {},
      { minScore: 60 },
      { labels: ['hot'] },
      { topic: 'cloud' },
      { topic: 'ЁЛКА' },
      { category: 'sales' },
      { industry: 'software' },
      { industry: 'ПРОИЗВОДСТВО' },
      { country: 'pl' },
      { technology: 'sap' },
      { minEmployees: 50, maxEmployees: 500 },
      { minRevenue: 1e6 },
      { minCoverage: 0.5 },
      { fitGrade: 'A' },
      { attribute: { name: 'tier', value: 'gold' } },
      { attribute: { name: 'tier', value: '2' } },
      { attribute: { name: 'tier', value: 'true' } },
      { attribute: { name: 'tier', value: 'золото' } },
      { minScore: 60, country: 'PL', technology: 'SAP' },
    ]
    // Saved before any score: their members come from the writes below, tested in memory.
    for (const [i, filter] of filters.entries())
      await store.savedSegments.create(`mem_${i}`, definition(filter), NOW, 100)
    const firms = [
      {
        industry: 'Software',
        country: 'PL',
        employees: 50,
        revenue: 1e6,
        technologies: ['SAP'],
        attributes: { tier: 'Gold' },
      },
      {
        industry: 'SOFTWARE',
        country: 'DE',
        employees: 5000,
        revenue: null,
        technologies: ['sap', 'Ёлка'],
        attributes: { tier: 2 },
      },
      {
        industry: 'производство',
        country: null,
        employees: null,
        revenue: 5e7,
        technologies: [],
        attributes: { tier: 'ЗОЛОТО', other: 2 },
      },
      {
        industry: null,
        country: 'PL',
        employees: 500,
        revenue: 0,
        technologies: ['Salesforce'],
        attributes: { tier: true },
      },
      {
        industry: 'Производство',
        country: 'pl',
        employees: 0,
        revenue: 1e6,
        technologies: ['SAP'],
        attributes: { tier: 2.5 },
      },
      {
        industry: 'Software',
        country: 'DE',
        employees: 50,
        revenue: null,
        technologies: [],
        attributes: { tier: ['gold'] },
      },
    ]
    const scores: StoredScore[] = []
    for (const [i, firm] of firms.entries()) {
      const id = await account(store, `f${i}.com`)
      await store.accounts.upsert(`f${i}.com`, firm, NOW)
      scores.push({
        ...scoreOf(id, [40, 60, 75, 100, 0, 61][i]!),
        fitGrade: i % 2 === 0 ? 'A' : null,
        surgingTopics: [['Cloud'], ['ёлка'], [], ['CLOUD', 'Data'], ['Ёлка'], []][i]!,
        surgingCategories: [['Sales'], [], ['SALES'], [], ['Security'], ['sales']][i]!,
        committeeCoverage: [null, 0.5, 1, 0, 0.25, 0.75][i]!,
      })
    }
    await score(store, scores)
    // Saved after: their members come from the filter's SQL.
    for (const [i, filter] of filters.entries())
      await store.savedSegments.create(`sql_${i}`, definition(filter), NOW, 100)
    const selected: string[][] = []
    for (const i of filters.keys()) {
      const inMemory = await domains(store, `mem_${i}`)
      expect(await domains(store, `sql_${i}`), JSON.stringify(filters[i])).toEqual(inMemory)
      selected.push(inMemory)
    }
    // The filters do select: not every segment empty or full.
    expect(selected.filter((d) => d.length > 0 && d.length < firms.length).length).toBeGreaterThan(
      10,
    )
  })

  it('keeps the segment limit between two replicas creating at once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? a : b).savedSegments.create(`seg_${i}`, definition({}), NOW + i, 3),
      ),
    )
    expect(made.filter((s) => s !== null)).toHaveLength(3)
    expect(await b.savedSegments.list()).toHaveLength(3)
  })

  it('moves an account into a segment once when two replicas score it at once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await subscribe(a)
    await a.savedSegments.create('seg_hot', definition({ minScore: 70 }), NOW, 5)
    const ids: number[] = []
    for (let i = 0; i < 20; i++) ids.push(await account(a, `a${String(i).padStart(2, '0')}.com`))
    const { changes, events } = recorder()
    await Promise.all([
      score(
        a,
        ids.map((id) => scoreOf(id, 80)),
        events,
      ),
      score(
        b,
        [...ids].reverse().map((id) => scoreOf(id, 85)),
        events,
      ),
    ])
    // What was stored, not what the callback saw: a transaction retried after a deadlock
    // between the replicas runs it again.
    expect(changes.length).toBeGreaterThanOrEqual(20)
    const queued = await a.outbox.deliveries('s1', 100)
    const entered = queued.map((d) => (JSON.parse(d.payload) as MembershipChange).domain)
    expect(entered.sort()).toEqual(ids.map((_, i) => `a${String(i).padStart(2, '0')}.com`))
    expect(await domains(b, 'seg_hot')).toHaveLength(20)
  })

  it('loses no membership when one replica scores accounts while another updates them', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await subscribe(a)
    await a.savedSegments.create('seg_hot', definition({ minScore: 70 }), NOW, 5)
    const ids: number[] = []
    // Created in reverse domain order: id order and domain order differ.
    for (let i = 29; i >= 0; i--)
      ids.unshift(await account(a, `a${String(i).padStart(2, '0')}.com`))
    await score(
      a,
      ids.map((id) => scoreOf(id, 50)),
    )
    const { events } = recorder()
    for (let round = 0; round < 3; round++) {
      const points = round % 2 === 0 ? 80 : 40
      await Promise.all([
        score(
          a,
          ids.map((id) => scoreOf(id, points, NOW + round + 1)),
          events,
        ),
        b.accounts.upsertMany(
          ids.map((_, i) => ({
            domain: `a${String(i).padStart(2, '0')}.com`,
            patch: { name: `Renamed ${round}` },
            guard: [],
          })),
          NOW + round + 1,
          events,
        ),
      ])
      // The members are those the last stored scores select, whoever committed first.
      expect(await domains(b, 'seg_hot')).toHaveLength(points >= 70 ? 30 : 0)
    }
    const queued = await a.outbox.deliveries('s1', 1000)
    const entered = queued.filter((d) => d.event === 'segment.entered')
    const left = queued.filter((d) => d.event === 'segment.left')
    // Each account in, out, in again: once each, never twice.
    expect(entered).toHaveLength(60)
    expect(left).toHaveLength(30)
  })

  it('lets a segment change or go while another replica moves accounts into it', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const ids: number[] = []
    for (let i = 0; i < 30; i++) ids.push(await account(a, `a${String(i).padStart(2, '0')}.com`))
    for (let round = 0; round < 6; round++) {
      const id = `seg_${round}`
      await b.savedSegments.create(id, definition({ minScore: 70 }), NOW, 100)
      const points = round % 2 === 0 ? 80 : 40
      const change =
        round % 3 === 0
          ? b.savedSegments.remove(id)
          : b.savedSegments.update(id, definition({ minScore: 90 }), NOW + round)
      // Neither fails (no member row of a segment gone), whichever commits first.
      await Promise.all([
        score(
          a,
          ids.map((x) => scoreOf(x, points, NOW + round)),
        ),
        change,
      ])
      const members = await domains(a, id)
      // The members are what the segment's last definition selects of the last scores.
      expect(members).toEqual([])
    }
    // A created segment sees the scores written while it was being created.
    const [, made] = await Promise.all([
      score(
        a,
        ids.map((x) => scoreOf(x, 95, NOW + 10)),
      ),
      b.savedSegments.create('seg_new', definition({ minScore: 70 }), NOW + 10, 100),
    ])
    expect(made).not.toBeNull()
    expect(await domains(a, 'seg_new')).toHaveLength(30)
  })
})

describeEachEngine('segment users', ({ open }) => {
  let store: Store | undefined
  afterEach(() => store?.close())

  it('remembers the contact behind a Segment user id', async () => {
    store = await open()
    expect(await store.segment.emailOfUser('u1')).toBeNull()
    await store.segment.rememberUser('u1', 'nobody@acme.com')
    expect(await store.segment.emailOfUser('u1')).toBeNull()
    await store.contacts.upsert('ann@acme.com', 'acme.com', { name: 'Ann' }, NOW)
    await store.contacts.upsert('bob@acme.com', 'acme.com', { name: 'Bob' }, NOW)
    await store.segment.rememberUser('u1', 'ann@acme.com')
    expect(await store.segment.emailOfUser('u1')).toBe('ann@acme.com')
    await store.segment.rememberUser('u1', 'bob@acme.com')
    expect(await store.segment.emailOfUser('u1')).toBe('bob@acme.com')
    // An unknown email later leaves the one remembered.
    await store.segment.rememberUser('u1', 'nobody@acme.com')
    expect(await store.segment.emailOfUser('u1')).toBe('bob@acme.com')
    expect(await store.segment.emailOfUser('u2')).toBeNull()
  })
})
