import { afterEach, expect, it } from 'vitest'
import type { SignalRecord } from '../../../src/records.ts'
import { openStore, type Store } from '../../../src/store/index.ts'
import { DAY_MS } from '../../../src/vocabulary.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { signalRecord } from '../../helpers/signal-records.ts'

const AT = Date.parse('2026-11-20T10:00:00Z')
const DAY = Math.floor(AT / DAY_MS)
const hash = (n: number) => Buffer.alloc(32, n)

async function cellsOf(store: Store, domain: string) {
  const id = await store.activity.accountIdOf(domain)
  if (id === null) return null
  return store.activity.cells(id, DAY - 30, DAY + 30, (DAY + 30) * DAY_MS)
}

/** A mixed batch: accounts, contacts with and without an employer, topics, weights, a duplicate. */
function mixedBatch(tag: string): SignalRecord[] {
  const key = (n: number) => Buffer.from(`${tag}-${n}`)
  return [
    signalRecord({ dedupeKey: key(1), account: 'acme.pl', topic: { key: 'crm', label: 'CRM' } }),
    signalRecord({
      dedupeKey: key(2),
      account: 'acme.pl',
      contact: { email: 'ann@acme.pl', accountDomain: null },
      topic: { key: 'crm', label: 'CRM' },
      weight: 2,
    }),
    signalRecord({
      dedupeKey: key(3),
      account: 'acme.pl',
      contact: { email: 'ann@acme.pl', accountDomain: null },
      topic: { key: 'crm', label: 'CRM' },
      weight: 3,
      occurredAt: AT + 1000,
    }),
    signalRecord({
      dedupeKey: key(4),
      account: null,
      contact: { email: 'bob@gmail.com', accountDomain: null },
      topic: { key: 'erp', label: 'ERP' },
    }),
    signalRecord({
      dedupeKey: key(5),
      account: 'beta.io',
      type: 'search',
      occurredAt: AT - DAY_MS,
    }),
    signalRecord({ dedupeKey: key(1), account: 'acme.pl', topic: { key: 'crm', label: 'CRM' } }),
  ]
}

describeEachEngine('signals.ingest', ({ engine, open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })
  const track = <T extends Store | Store[]>(s: T) => {
    stores.push(...(Array.isArray(s) ? s : [s]))
    return s
  }

  it('stores a batch with fates, creates identities and topics, and writes rollups', async () => {
    const store = track(await open())
    const batch = await store.signals.ingest(mixedBatch('a'), AT)
    expect(batch.fates).toEqual(['stored', 'stored', 'stored', 'stored', 'stored', 'duplicate'])
    expect(batch.topicless).toEqual([])
    expect(await store.contacts.get('ann@acme.pl')).toMatchObject({ account: 'acme.pl' })
    expect(await store.contacts.get('bob@gmail.com')).toMatchObject({ account: null })
    expect((await store.topics.byKey('crm'))?.label).toBe('CRM')
    expect(await store.topics.byKey('erp')).toBeTruthy()
    const acme = await cellsOf(store, 'acme.pl')
    expect(acme).toHaveLength(1)
    expect(acme![0]).toMatchObject({ signals: 3, people: 2 })
    const dirty = (await store.scores.dirty(10)).map((d) => d.domain).sort()
    expect(dirty).toEqual(['acme.pl', 'beta.io'])
    // The same batch again: all duplicates, rollups unchanged.
    const again = await store.signals.ingest(mixedBatch('a'), AT + 1)
    expect(again.fates.every((fate) => fate === 'duplicate')).toBe(true)
    expect(await cellsOf(store, 'acme.pl')).toEqual(acme)
  })

  it('an empty batch stores nothing', async () => {
    const store = track(await open())
    expect(await store.signals.ingest([], AT)).toEqual({ fates: [], topicless: [] })
  })

  it('adopts a person’s orphan signals once their employer is known', async () => {
    const store = track(await open())
    await store.signals.ingest(
      [
        signalRecord({
          account: null,
          contact: { email: 'cy@gmail.com', accountDomain: null },
          topic: { key: 'crm', label: 'CRM' },
        }),
      ],
      AT,
    )
    expect(await store.activity.accountIdOf('gamma.com')).toBeNull()
    await store.signals.ingest(
      [
        signalRecord({
          account: null,
          contact: { email: 'cy@gmail.com', accountDomain: 'gamma.com' },
          occurredAt: AT + 5,
        }),
      ],
      AT + 10,
    )
    expect(await store.contacts.get('cy@gmail.com')).toMatchObject({ account: 'gamma.com' })
    const cells = (await cellsOf(store, 'gamma.com'))!
    expect(cells.reduce((sum, cell) => sum + cell.signals, 0)).toBe(2)
  })

  it('stores a signal past the topic limit without its topic and reports it', async () => {
    const store = track(await open({ topicLimit: { maxTopics: 1, windowDays: 21 } }))
    const batch = await store.signals.ingest(
      [
        signalRecord({ account: 'acme.pl', topic: { key: 't1', label: 'T1' } }),
        signalRecord({ account: 'acme.pl', topic: { key: 't2', label: 'T2' } }),
        signalRecord({ account: 'acme.pl', topic: { key: 't1', label: 'T1' } }),
      ],
      AT,
    )
    expect(batch.fates).toEqual(['stored', 'stored', 'stored'])
    expect(batch.topicless).toEqual([{ domain: 'acme.pl', signals: 1 }])
    expect(await store.topics.byKey('t2')).toBeFalsy()
  })

  it('drops signals naming a suppressed identity before creating anything', async () => {
    const store = track(await open())
    await store.signals.ingest(
      [signalRecord({ account: null, contact: { email: 'x@acme.pl', accountDomain: 'acme.pl' } })],
      AT,
    )
    await store.erasure.eraseContact('x@acme.pl', { actor: 't', hash: hash(7) }, AT)
    const batch = await store.signals.ingest(
      [
        signalRecord({
          account: 'new.example',
          contact: { email: 'x@acme.pl', accountDomain: 'new.example' },
          suppression: [hash(7)],
        }),
        signalRecord({ account: 'acme.pl' }),
      ],
      AT + 1,
    )
    expect(batch.fates).toEqual(['suppressed', 'stored'])
    expect(await store.contacts.get('x@acme.pl')).toBeNull()
    expect(await store.activity.accountIdOf('new.example')).toBeNull()
  })

  it('two replicas ingesting the same batch at once store each signal once', async () => {
    const [a, b] = track(await openPair())
    const records = mixedBatch('race')
    const [ra, rb] = await Promise.all([
      a.signals.ingest(records, AT),
      b.signals.ingest(records, AT),
    ])
    const stored = (fates: string[]) => fates.filter((fate) => fate === 'stored').length
    expect(stored(ra.fates) + stored(rb.fates)).toBe(5)
    expect(ra.fates[5]).toBe('duplicate')
    expect(rb.fates[5]).toBe('duplicate')
    for (const i of [0, 1, 2, 3, 4])
      expect([ra.fates[i], rb.fates[i]].sort()).toEqual(['duplicate', 'stored'])
    const cells = await cellsOf(a, 'acme.pl')
    expect(cells![0]).toMatchObject({ signals: 3, people: 2 })
    expect(await cellsOf(b, 'acme.pl')).toEqual(cells)
  })

  it('two replicas creating the same new account and contact in different batches both succeed', async () => {
    const [a, b] = track(await openPair())
    const batch = (n: number) =>
      Array.from({ length: 20 }, (_, i) =>
        signalRecord({
          dedupeKey: Buffer.from(`new-${n}-${i}`),
          account: `shared${i % 5}.com`,
          contact: { email: `p${i % 7}@shared${i % 5}.com`, accountDomain: null },
          topic: { key: `topic-${i % 3}`, label: `Topic ${i % 3}` },
        }),
      )
    const results = await Promise.all([
      a.signals.ingest(batch(1), AT),
      b.signals.ingest(batch(2), AT),
    ])
    for (const result of results) expect(result.fates.every((fate) => fate === 'stored')).toBe(true)
    let total = 0
    for (let i = 0; i < 5; i++)
      total += (await cellsOf(a, `shared${i}.com`))!.reduce((sum, cell) => sum + cell.signals, 0)
    expect(total).toBe(40)
  })

  it('many concurrent batches over shared new identities, in different orders, all commit', async () => {
    const [a, b] = track(await openPair())
    const batch = (n: number) =>
      Array.from({ length: 30 }, (_, i) => {
        const j = n % 2 === 0 ? i : 29 - i
        return signalRecord({
          dedupeKey: Buffer.from(`many-${n}-${i}`),
          account: `co${j % 6}.com`,
          contact: { email: `p${j % 9}@co${j % 6}.com`, accountDomain: null },
          topic: { key: `t${j % 4}`, label: `T${j % 4}` },
          weight: 1,
        })
      })
    const results = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((n) => (n % 2 === 0 ? a : b).signals.ingest(batch(n), AT)),
    )
    for (const result of results) expect(result.fates.every((fate) => fate === 'stored')).toBe(true)
    let signals = 0
    let weighted = 0
    for (let i = 0; i < 6; i++)
      for (const cell of (await cellsOf(b, `co${i}.com`))!) {
        signals += cell.signals
        weighted += cell.weighted
      }
    expect(signals).toBe(180)
    expect(weighted).toBe(180)
  })

  it('two replicas adding topics to one account at once stay within its topic limit', async () => {
    const [a, b] = track(await openPair({ topicLimit: { maxTopics: 1, windowDays: 21 } }))
    await a.signals.ingest([signalRecord({ account: 'acme.pl' })], AT)
    const results = await Promise.all([
      a.signals.ingest(
        [signalRecord({ account: 'acme.pl', topic: { key: 'ta', label: 'A' } })],
        AT,
      ),
      b.signals.ingest(
        [signalRecord({ account: 'acme.pl', topic: { key: 'tb', label: 'B' } })],
        AT,
      ),
    ])
    expect(results.flatMap((r) => r.topicless)).toEqual([{ domain: 'acme.pl', signals: 1 }])
    const topics = new Set(
      (await cellsOf(a, 'acme.pl'))!.map((cell) => cell.topicId).filter((id) => id > 0),
    )
    expect(topics.size).toBe(1)
  })

  it('a batch of 1,000 mixed signals under a topic limit stores what SQLite stores', async () => {
    const limit = { topicLimit: { maxTopics: 3, windowDays: 21 } }
    const store = track(await open(limit))
    const reference = track(openStore(':memory:', limit))
    const batch = (round: number) =>
      Array.from({ length: 1000 }, (_, i) => {
        const n = (i * 7919 + round * 31) % 1000
        const free = n % 5 === 0
        return signalRecord({
          dedupeKey: Buffer.from(`big-${round}-${n % 900}`),
          account: free || n % 3 === 0 ? null : `acct${n % 40}.com`,
          contact:
            n % 3 === 0 || free
              ? {
                  email: free ? `p${n % 60}@gmail.com` : `p${n % 60}@acct${n % 40}.com`,
                  accountDomain: free && round === 1 && n % 2 === 0 ? `acct${n % 40}.com` : null,
                }
              : null,
          topic:
            n % 4 === 0
              ? null
              : {
                  key: `topic-${Math.floor(n / 7) % 10}`,
                  label: `Topic ${Math.floor(n / 7) % 10}`,
                },
          type: n % 2 === 0 ? 'content' : 'search',
          weight: n % 6 === 0 ? null : (n % 10) / 2,
          occurredAt: AT - (n % 30) * DAY_MS,
        })
      })
    const results = []
    for (const s of [store, reference])
      results.push([await s.signals.ingest(batch(0), AT), await s.signals.ingest(batch(1), AT + 1)])
    expect(results[0]).toEqual(results[1])
    expect(results[0]![0]!.topicless.length).toBeGreaterThan(0)
    expect(results[0]![0]!.fates).toContain('duplicate')
    for (let i = 0; i < 40; i++) {
      const domain = `acct${i}.com`
      const id = await store.activity.accountIdOf(domain)
      expect(id).toBe(await reference.activity.accountIdOf(domain))
      if (id === null) continue
      expect(await store.activity.cells(id, DAY - 40, DAY + 1, (DAY + 1) * DAY_MS)).toEqual(
        await reference.activity.cells(id, DAY - 40, DAY + 1, (DAY + 1) * DAY_MS),
      )
    }
    for (let t = 0; t < 10; t++)
      expect(await store.topics.byKey(`topic-${t}`)).toEqual(
        await reference.topics.byKey(`topic-${t}`),
      )
    for (let p = 0; p < 60; p++)
      expect(await store.contacts.get(`p${p}@gmail.com`)).toEqual(
        await reference.contacts.get(`p${p}@gmail.com`),
      )
  })

  it('writes the same rollups as SQLite for the same input', async () => {
    const store = track(await open())
    const reference = track(openStore(':memory:'))
    for (const s of [store, reference]) {
      await s.signals.ingest(mixedBatch('eq1'), AT)
      await s.signals.ingest(
        [
          signalRecord({
            dedupeKey: Buffer.from('eq2-1'),
            account: null,
            contact: { email: 'bob@gmail.com', accountDomain: 'acme.pl' },
            type: 'email',
            weight: 1.5,
          }),
        ],
        AT + 1,
      )
    }
    for (const domain of ['acme.pl', 'beta.io'])
      expect(await cellsOf(store, domain)).toEqual(await cellsOf(reference, domain))
    expect(engine).toBeTruthy()
  })
})
