import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import type { StoredScore } from '../../../src/store/repos/scores.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { signalRecord } from '../../helpers/signal-records.ts'

const T0 = Date.UTC(2026, 10, 1)
const DAY = 20_000

const score = (accountId: number, fields: Partial<StoredScore> = {}): StoredScore => ({
  accountId,
  computedAt: T0,
  modelId: 'm1',
  score: 50,
  probability: 0.5,
  label: 'warm',
  stage: 'aware',
  fitGrade: 'B',
  surgingTopics: ['ERP'],
  surgingCategories: ['Sales'],
  committeeCoverage: 0.25,
  body: '{"v":1}',
  ...fields,
})

describeEachEngine('scores', ({ engine, open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()))
    stores = []
  })
  const fresh = async () => {
    const store = await open()
    stores.push(store)
    return store
  }
  /** Accounts created (and so marked dirty) at `at`; their ids in the order given. */
  const accounts = async (store: Store, domains: string[], at = T0) => {
    const ids: number[] = []
    for (const domain of domains) {
      await store.accounts.upsert(domain, { name: domain }, at)
      ids.push((await store.accounts.findWithId(domain))!.id)
    }
    return ids
  }

  it('saveMany stores scores and history, and current/standing/summary read them', async () => {
    const store = await fresh()
    const [id] = await accounts(store, ['acme.com'])
    expect(await store.scores.current('acme.com')).toEqual({
      accountId: id,
      score: null,
      dirty: true,
      activeModelId: null,
    })
    expect(await store.scores.summary(id!)).toBeNull()
    const stored = score(id!, { score: 72, committeeCoverage: null, fitGrade: null })
    await store.scores.saveMany([{ score: stored, notify: [] }], DAY, T0 + 5)
    expect(await store.scores.current('acme.com')).toEqual({
      accountId: id,
      score: stored,
      dirty: false,
      activeModelId: null,
    })
    expect(await store.scores.standing('acme.com')).toEqual({
      computedAt: T0,
      modelId: 'm1',
      accountUpdatedAt: T0,
      dirty: false,
      activeModelId: null,
    })
    expect(await store.scores.summary(id!)).toEqual({
      score: 72,
      label: 'warm',
      stage: 'aware',
      modelId: 'm1',
      surgingTopics: ['ERP'],
    })
    expect(await store.scores.history(id!, 0, DAY * 2)).toEqual([
      { day: DAY, score: 72, probability: 0.5, modelId: 'm1' },
    ])
    expect(await store.scores.current('nobody.com')).toBeNull()
    expect(await store.scores.standing('nobody.com')).toBeNull()
    // Absent in an old row: surgingCategories defaults to [].
    await store.scores.saveMany(
      [{ score: { ...stored, surgingCategories: undefined }, notify: [] }],
      DAY,
      T0 + 6,
    )
    expect((await store.scores.current('acme.com'))!.score!.surgingCategories).toEqual([])
  })

  it('keeps a dirty mark newer than startedAt, clears one not newer', async () => {
    const store = await fresh()
    const [a, b] = await accounts(store, ['a.com', 'b.com'], T0)
    await store.accounts.upsert('b.com', { name: 'B again' }, T0 + 100)
    await store.scores.saveMany(
      [
        { score: score(a!), notify: [] },
        { score: score(b!), notify: [] },
      ],
      DAY,
      T0 + 50,
    )
    expect((await store.scores.current('a.com'))!.dirty).toBe(false)
    expect((await store.scores.current('b.com'))!.dirty).toBe(true)
    // The kept mark can be taken again at once by a refresh.
    expect(await store.scores.dirty(10)).toEqual([{ accountId: b, domain: 'b.com' }])
  })

  it('a batch sharing one document, and an account named twice, store as SQLite does', async () => {
    const store = await fresh()
    const ids = await accounts(store, ['a.com', 'b.com', 'c.com'])
    const shared = { body: '{"quiet":true}', score: 10, label: 'cold' }
    await store.scores.saveMany(
      [
        { score: score(ids[0]!, shared), notify: [] },
        { score: score(ids[1]!, shared), notify: [] },
        { score: score(ids[2]!, { score: 30 }), notify: [] },
        { score: score(ids[2]!, { score: 40, body: '{"last":1}' }), notify: [] },
      ],
      DAY,
      T0,
    )
    const board = await store.scores.leaderboard({ limit: 10 })
    expect(board.map((r) => [r.domain, r.score, r.body])).toEqual([
      ['c.com', 40, '{"last":1}'],
      ['a.com', 10, '{"quiet":true}'],
      ['b.com', 10, '{"quiet":true}'],
    ])
    expect(await store.scores.history(ids[2]!, DAY, DAY)).toEqual([
      { day: DAY, score: 40, probability: 0.5, modelId: 'm1' },
    ])
    await store.scores.saveMany([], DAY, T0)
  })

  it('queues the notifications and HubSpot write-backs in the same transaction', async () => {
    const store = await fresh()
    const [id] = await accounts(store, ['acme.com'])
    await store.outbox.subscribe({
      id: 'sub1',
      url: 'https://example.com/hook',
      events: ['score.changed'],
      threshold: 0,
      secret: 's',
      createdAt: T0,
    })
    await store.scores.saveMany(
      [
        {
          score: score(id!),
          notify: [{ id: 'd1', subscriptionId: 'sub1', event: 'score.changed', payload: '{}' }],
          hubspot: { accountId: id!, properties: '{"intent_score":"50"}' },
        },
      ],
      DAY,
      T0,
    )
    expect(await store.outbox.pendingCount()).toBe(1)
    expect((await store.outbox.deliveries('sub1', 10)).map((d) => d.id)).toEqual(['d1'])
    expect(await store.hubspot.pendingCount()).toBe(1)
    // A failing write (unknown subscription) stores none of the batch.
    const [other] = await accounts(store, ['other.com'])
    await expect(
      store.scores.saveMany(
        [
          {
            score: score(other!, { score: 99 }),
            notify: [{ id: 'd2', subscriptionId: 'nope', event: 'score.changed', payload: '{}' }],
          },
        ],
        DAY,
        T0,
      ),
    ).rejects.toThrow()
    expect((await store.scores.current('other.com'))!.score).toBeNull()
  })

  it('stores the topics of a score body that name known topics, replacing the previous ones', async (context) => {
    const store = await fresh()
    const ingest = (records: Parameters<Store['signals']['ingest']>[0]) =>
      store.signals.ingest(records, T0).catch((error: Error) => {
        // Topics come from signal ingest only; until signals is ported to PostgreSQL, skip.
        if (/not written for PostgreSQL/.test(error.message)) context.skip()
        throw error
      })
    await store.accounts.upsert('acme.pl', {}, T0)
    await ingest([
      signalRecord({ account: 'acme.pl', topic: { key: 'erp', label: 'ERP' } }),
      signalRecord({ account: 'acme.pl', topic: { key: 'crm', label: 'CRM' } }),
    ])
    const erp = (await store.topics.byKey('erp'))!.id
    const crm = (await store.topics.byKey('crm'))!.id
    const id = (await store.accounts.findWithId('acme.pl'))!.id
    const body = (topics: unknown[]) => JSON.stringify({ intent: { topics } })
    await store.scores.saveMany(
      [
        {
          score: score(id, {
            body: body([
              { topicId: erp, surge: 2.5, label: 'ERP' },
              { topicId: 99_999, surge: 1 },
              { topicId: erp, surge: 9 },
            ]),
          }),
          notify: [],
        },
      ],
      DAY,
      T0,
    )
    const surges = async (topicId: number) =>
      (await store.topics.activeWithStoredSurges(topicId, 0, 10_000_000)).map((r) => r.surge)
    expect(await surges(erp)).toEqual([`{"topicId":${erp},"surge":2.5,"label":"ERP"}`])
    expect(await surges(crm)).toEqual([null])
    await store.scores.saveMany(
      [{ score: score(id, { body: body([{ topicId: crm, surge: 1.5 }]) }), notify: [] }],
      DAY,
      T0 + 1,
    )
    expect(await surges(erp)).toEqual([null])
    expect(await surges(crm)).toEqual([`{"topicId":${crm},"surge":1.5}`])
  })

  it('completeBody replaces the body of the same computation only', async () => {
    const store = await fresh()
    const [id] = await accounts(store, ['acme.com'])
    await store.scores.saveMany([{ score: score(id!), notify: [] }], DAY, T0)
    await store.scores.completeBody(id!, T0 + 1, '{"stale":true}')
    expect((await store.scores.current('acme.com'))!.score!.body).toBe('{"v":1}')
    await store.scores.completeBody(id!, T0, '{"full":true}')
    expect((await store.scores.current('acme.com'))!.score!.body).toBe('{"full":true}')
    await store.scores.completeBody(9999, T0, '{}') // no such account: nothing
  })

  it('savePoints upserts by day (the last of a day wins) and history reads a range in order', async () => {
    const store = await fresh()
    const [id] = await accounts(store, ['acme.com'])
    await store.scores.savePoints(id!, [
      { day: 3, score: 30, probability: 0.3, modelId: 'm' },
      { day: 1, score: 10, probability: 0.1, modelId: 'm' },
      { day: 2, score: 20, probability: 0.2, modelId: 'm' },
      { day: 1, score: 11, probability: 0.11, modelId: 'n' },
    ])
    await store.scores.savePoints(id!, [])
    await store.scores.savePoints(id!, [{ day: 3, score: 33, probability: 0.33, modelId: 'm' }])
    expect(await store.scores.history(id!, 1, 3)).toEqual([
      { day: 1, score: 11, probability: 0.11, modelId: 'n' },
      { day: 2, score: 20, probability: 0.2, modelId: 'm' },
      { day: 3, score: 33, probability: 0.33, modelId: 'm' },
    ])
    expect((await store.scores.history(id!, 2, 2)).map((p) => p.day)).toEqual([2])
    expect(await store.scores.history(id!, 4, 9)).toEqual([])
  })

  it('dirty lists the oldest marks first (ties by id), up to the limit; markAllDirty marks all', async () => {
    const store = await fresh()
    const ids = await accounts(store, ['a.com', 'b.com', 'c.com'], T0)
    await store.accounts.upsert('a.com', { name: 'A2' }, T0 + 10)
    const [first] = await openOnce(store)
    expect(first).toEqual([
      { accountId: ids[1], domain: 'b.com' },
      { accountId: ids[2], domain: 'c.com' },
    ])
    await store.scores.saveMany(
      ids.map((id) => ({ score: score(id), notify: [] })),
      DAY,
      T0 + 20,
    )
    expect(await store.scores.dirty(10)).toEqual([])
    await store.scores.markAllDirty(T0 + 30)
    expect((await store.scores.dirty(10)).map((d) => d.domain)).toEqual(['a.com', 'b.com', 'c.com'])
  })
  const openOnce = async (store: Store) => [await store.scores.dirty(2)]

  it.runIf(engine === 'postgres')(
    'dirty claims what it returns: a second call (any replica) skips it until stored',
    async () => {
      const store = await fresh()
      await accounts(store, ['a.com', 'b.com'])
      expect((await store.scores.dirty(1)).map((d) => d.domain)).toEqual(['a.com'])
      expect((await store.scores.dirty(10)).map((d) => d.domain)).toEqual(['b.com'])
      expect(await store.scores.dirty(10)).toEqual([])
    },
  )

  it.runIf(engine === 'postgres')(
    'two replicas refreshing at once never take the same dirty account',
    async () => {
      const [a, b] = await openPair()
      stores.push(a, b)
      const domains = Array.from({ length: 60 }, (_, i) => `d${String(i).padStart(2, '0')}.com`)
      await a.accounts.upsertMany(
        domains.map((domain) => ({ domain, patch: {}, guard: [] })),
        T0,
      )
      const taken: string[][] = [[], []]
      await Promise.all(
        [a, b].map(async (store, i) => {
          for (;;) {
            const batch = await store.scores.dirty(7)
            if (batch.length === 0) return
            taken[i]!.push(...batch.map((d) => d.domain))
            await store.scores.saveMany(
              batch.map((d) => ({ score: score(d.accountId), notify: [] })),
              DAY,
              T0 + 1,
            )
          }
        }),
      )
      const all = [...taken[0]!, ...taken[1]!]
      expect(all.sort()).toEqual(domains)
      expect(await a.scores.dirty(100)).toEqual([])
    },
  )

  it('two replicas saving overlapping batches at once: all stored, none lost', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const ids = await accounts(a, ['a.com', 'b.com', 'c.com', 'd.com'])
    await Promise.all([
      a.scores.saveMany(
        ids.map((id) => ({ score: score(id, { score: 10 }), notify: [] })),
        DAY,
        T0,
      ),
      b.scores.saveMany(
        [...ids].reverse().map((id) => ({ score: score(id, { score: 20 }), notify: [] })),
        DAY,
        T0,
      ),
    ])
    const board = await b.scores.leaderboard({ limit: 10 })
    expect(board).toHaveLength(4)
    expect(new Set(board.map((r) => r.score)).size).toBe(1) // one batch wholly last
  })

  it('score writes and upserts of the same accounts on two replicas at once, with a segment, all land', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const domains = Array.from({ length: 12 }, (_, i) => `s${String(i).padStart(2, '0')}.pl`)
    const ids = await accounts(a, domains)
    const definition = { name: 'PL', description: null, filter: { country: 'PL' } }
    await a.savedSegments.create('seg_pl', definition, T0, 10)
    for (let round = 1; round <= 4; round++) {
      await Promise.all([
        a.scores.saveMany(
          ids.map((id) => ({ score: score(id, { score: round }), notify: [] })),
          DAY,
          T0 + round,
        ),
        b.accounts.upsertMany(
          [...domains].reverse().map((domain) => ({ domain, patch: { country: 'PL' }, guard: [] })),
          T0 + round,
        ),
      ])
    }
    const board = await b.scores.leaderboard({ limit: 100, country: 'PL' })
    expect(board.map((r) => [r.domain, r.score])).toEqual(domains.map((d) => [d, 4]))
    const members = await b.savedSegments.members('seg_pl', null, 100, 0)
    expect(members.map((m) => m.domain)).toEqual(domains)
  })

  it('leaderboard orders by score then domain, filters, and pages by keyset', async () => {
    const store = await fresh()
    const ids = await accounts(store, ['e.com', 'd.com', 'c.com', 'b.com', 'a.com'])
    await store.accounts.upsert('c.com', { country: 'PL', industry: 'Software' }, T0)
    const points = [40, 80, 80, 20, 80]
    await store.scores.saveMany(
      ids.map((id, i) => ({
        score: score(id, {
          score: points[i]!,
          label: points[i]! >= 80 ? 'hot' : 'warm',
          surgingTopics: i === 2 ? ['Ёлка'] : [],
        }),
        notify: [],
      })),
      DAY,
      T0,
    )
    const domains = async (query: Parameters<Store['scores']['leaderboard']>[0]) =>
      (await store.scores.leaderboard(query)).map((r) => r.domain)
    expect(await domains({ limit: 10 })).toEqual(['a.com', 'c.com', 'd.com', 'e.com', 'b.com'])
    expect(await domains({ limit: 2 })).toEqual(['a.com', 'c.com'])
    expect(await domains({ limit: 2, after: { score: 80, domain: 'c.com' } })).toEqual([
      'd.com',
      'e.com',
    ])
    expect(await domains({ limit: 10, after: { score: 40, domain: 'e.com' } })).toEqual(['b.com'])
    expect(await domains({ limit: 10, labels: ['warm'] })).toEqual(['e.com', 'b.com'])
    expect(await domains({ limit: 10, labels: [] })).toHaveLength(5)
    expect(await domains({ limit: 10, minScore: 40.5 })).toEqual(['a.com', 'c.com', 'd.com'])
    expect(await domains({ limit: 10, country: 'pl', industry: 'SOFTWARE' })).toEqual(['c.com'])
    expect(await domains({ limit: 10, topic: 'ёлка' })).toEqual(['c.com'])
    expect(await domains({ limit: 10, topic: '' })).toHaveLength(5)
    expect(await domains({ limit: 10, minScore: 81 })).toEqual([])
  })
})
