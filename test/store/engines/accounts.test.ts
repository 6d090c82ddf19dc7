import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const T0 = Date.UTC(2026, 10, 1)

describeEachEngine('accounts', ({ open, openPair }) => {
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

  it('upsert creates, then changes, then leaves a rerun unchanged, keeping createdAt', async () => {
    const store = await fresh()
    const first = await store.accounts.upsert('acme.com', { name: 'Acme', employees: 50 }, T0)
    expect(first).toMatchObject({ created: true, changed: true })
    expect(first!.account).toMatchObject({
      domain: 'acme.com',
      name: 'Acme',
      employees: 50,
      industry: null,
      technologies: [],
      attributes: {},
      createdAt: T0,
      updatedAt: T0,
    })
    const second = await store.accounts.upsert(
      'acme.com',
      { industry: 'Software', technologies: ['SAP'], attributes: { tier: 'Gold' } },
      T0 + 1,
    )
    expect(second).toMatchObject({ created: false, changed: true })
    const again = await store.accounts.upsert('acme.com', { industry: 'Software' }, T0 + 2)
    expect(again).toMatchObject({ created: false, changed: false })
    expect(await store.accounts.find('acme.com')).toEqual({
      domain: 'acme.com',
      name: 'Acme',
      industry: 'Software',
      employees: 50,
      revenue: null,
      country: null,
      technologies: ['SAP'],
      attributes: { tier: 'Gold' },
      createdAt: T0,
      updatedAt: T0 + 2,
    })
    // Cleared collections read back empty.
    await store.accounts.upsert(
      'acme.com',
      { technologies: null, attributes: null } as never,
      T0 + 3,
    )
    expect(await store.accounts.find('acme.com')).toMatchObject({
      technologies: [],
      attributes: {},
    })
  })

  it('upsert with a guard of no suppressed hash writes; absent domains read null', async () => {
    const store = await fresh()
    const written = await store.accounts.upsert('g.com', { name: 'G' }, T0, [Buffer.alloc(32, 7)])
    expect(written?.created).toBe(true)
    expect(await store.accounts.find('nobody.com')).toBeNull()
    expect(await store.accounts.findWithId('nobody.com')).toBeNull()
    expect(await store.accounts.get('nobody.com')).toBeNull()
  })

  it('an erased account (its hash suppressed) is refused by upsert and upsertMany, writing nothing', async () => {
    const store = await fresh()
    const hash = Buffer.alloc(32, 1)
    await store.accounts.upsert('gone.com', { name: 'Gone' }, T0)
    await store.erasure.eraseAccount(
      'gone.com',
      { actor: 'test', hash },
      () => Buffer.alloc(32, 2),
      T0 + 1,
    )
    expect(await store.accounts.find('gone.com')).toBeNull()
    expect(await store.accounts.upsert('gone.com', { name: 'Back' }, T0 + 2, [hash])).toBeNull()
    expect(
      await store.accounts.upsertMany(
        [
          { domain: 'fine.com', patch: {}, guard: [Buffer.alloc(32, 3)] },
          { domain: 'gone.com', patch: {}, guard: [Buffer.alloc(32, 4), hash] },
          { domain: 'also.com', patch: {}, guard: [] },
          { domain: 'gone.com', patch: {}, guard: [hash] },
        ],
        T0 + 2,
      ),
    ).toEqual({ suppressed: [1, 3] })
    expect(await store.accounts.count()).toBe(0)
  })

  it('upsertMany reports each item in turn, duplicates included, and marks them dirty', async () => {
    const store = await fresh()
    await store.accounts.upsert('old.com', { name: 'Old' }, T0)
    const result = await store.accounts.upsertMany(
      [
        { domain: 'new.com', patch: { name: 'New' }, guard: [] },
        { domain: 'old.com', patch: { name: 'Old' }, guard: [] },
        { domain: 'new.com', patch: { country: 'PL' }, guard: [] },
        { domain: 'new.com', patch: { country: 'PL' }, guard: [] },
        { domain: 'old.com', patch: { employees: 5 }, guard: [] },
      ],
      T0 + 10,
    )
    expect(result).toEqual({
      written: [
        { created: true, changed: true },
        { created: false, changed: false },
        { created: false, changed: true },
        { created: false, changed: false },
        { created: false, changed: true },
      ],
    })
    expect(await store.accounts.find('new.com')).toMatchObject({
      name: 'New',
      country: 'PL',
      createdAt: T0 + 10,
      updatedAt: T0 + 10,
    })
    expect(await store.accounts.find('old.com')).toMatchObject({
      name: 'Old',
      employees: 5,
      createdAt: T0,
    })
    expect((await store.scores.dirty(10)).map((d) => d.domain).sort()).toEqual([
      'new.com',
      'old.com',
    ])
    expect(await store.accounts.upsertMany([], T0)).toEqual({ written: [] })
  })

  it('upsertMany writes nothing when one item breaks a constraint', async () => {
    const store = await fresh()
    await expect(
      store.accounts.upsertMany(
        [
          { domain: 'fine.com', patch: { name: 'Fine' }, guard: [] },
          { domain: 'bad.com', patch: { country: 'POL' }, guard: [] },
        ],
        T0,
      ),
    ).rejects.toThrow()
    expect(await store.accounts.count()).toBe(0)
  })

  it('get adds zero counts for an account with no activity', async () => {
    const store = await fresh()
    await store.accounts.upsert('quiet.com', {}, T0)
    expect(await store.accounts.get('quiet.com')).toMatchObject({
      domain: 'quiet.com',
      stats: { contacts: 0, signals: 0, lastSignalAt: null },
    })
  })

  it('pages by id, by shard, and by domain; counts', async () => {
    const store = await fresh()
    const domains = ['e.com', 'a.com', 'd.com', 'b.com', 'c.com']
    for (const [i, domain] of domains.entries()) await store.accounts.upsert(domain, {}, T0 + i)
    expect(await store.accounts.count()).toBe(5)
    const all = await store.accounts.pageById(0, 10)
    expect(all.map((r) => r.account.domain)).toEqual(domains)
    const ids = all.map((r) => r.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect((await store.accounts.pageById(ids[1]!, 2)).map((r) => r.id)).toEqual(ids.slice(2, 4))
    const shard = await store.accounts.pageById(0, 10, { index: 2, count: 2 })
    expect(shard.map((r) => r.id)).toEqual(ids.filter((id) => id % 2 === 1))
    expect((await store.accounts.pageById(0, 10, { index: 1, count: 1 })).length).toBe(5)

    const first = await store.accounts.list(null, 2)
    expect(first.items.map((a) => a.domain)).toEqual(['a.com', 'b.com'])
    expect(first.next).toBe('b.com')
    const last = await store.accounts.list('c.com', 2)
    expect(last.items.map((a) => a.domain)).toEqual(['d.com', 'e.com'])
    expect(last.next).toBeNull()
    expect(await store.accounts.list('e.com', 2)).toEqual({ items: [], next: null })
  })

  it('two replicas upserting one new domain at once: one creates, neither fails, no field lost', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    for (let round = 0; round < 5; round++) {
      const domain = `race${round}.com`
      const [x, y] = await Promise.all([
        a.accounts.upsert(domain, { name: 'From A' }, T0),
        b.accounts.upsertMany([{ domain, patch: { industry: 'From B' }, guard: [] }], T0),
      ])
      const created = [x!.created, 'written' in y ? y.written[0]!.created : null]
      expect(created.filter(Boolean)).toHaveLength(1)
      expect(await a.accounts.find(domain)).toMatchObject({ name: 'From A', industry: 'From B' })
    }
    expect(await b.accounts.count()).toBe(5)
  })
})
