import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const NOW = 1_700_000_000_000

/** An account with a score whose save queues a HubSpot write-back, as the service does. */
async function queue(store: Store, domain: string, properties: Record<string, string>, at: number) {
  await store.accounts.upsert(domain, { name: domain }, at)
  const found = await store.accounts.findWithId(domain)
  const accountId = found!.id
  const score = {
    accountId,
    computedAt: at,
    modelId: 'm',
    score: 60,
    probability: 0.6,
    label: 'warm',
    stage: 'consideration',
    fitGrade: null,
    surgingTopics: [],
    body: '{}',
  }
  await store.scores.saveMany(
    [{ score, notify: [], hubspot: { accountId, properties: JSON.stringify(properties) } }],
    0,
    at,
  )
  return accountId
}

describeEachEngine('hubspot write-backs', ({ open, openPair }) => {
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

  it('claims due write-backs earliest first, leased until `until`', async () => {
    const store = await one()
    const b = await queue(store, 'b.com', { intent: 'b' }, NOW)
    const a = await queue(store, 'a.com', { intent: 'a' }, NOW + 5)
    expect(await store.hubspot.pendingCount()).toBe(2)
    expect(await store.hubspot.claim(NOW - 1, NOW + 100, 10)).toEqual([])
    const claimed = await store.hubspot.claim(NOW + 5, NOW + 100, 10)
    expect(claimed).toEqual([
      {
        accountId: b,
        domain: 'b.com',
        properties: { intent: 'b' },
        version: 1,
        attempts: 0,
        company: undefined,
      },
      {
        accountId: a,
        domain: 'a.com',
        properties: { intent: 'a' },
        version: 1,
        attempts: 0,
        company: undefined,
      },
    ])
    // Leased: not due again until `until`.
    expect(await store.hubspot.claim(NOW + 99, NOW + 200, 10)).toEqual([])
    const again = await store.hubspot.claim(NOW + 100, NOW + 200, 1)
    expect(again.map((w) => w.accountId)).toEqual([b])
  })

  it('keeps a newer state queued while an older one is done or retried', async () => {
    const store = await one()
    const id = await queue(store, 'a.com', { intent: 'one' }, NOW)
    const [first] = await store.hubspot.claim(NOW, NOW + 100, 10)
    expect(first!.version).toBe(1)
    // A newer score meanwhile: version 2, due at once, attempts reset.
    await store.hubspot.retry([{ accountId: id, version: 1, attempts: 1 }], NOW + 50, 'e')
    await queue(store, 'a.com', { intent: 'two' }, NOW + 10)
    await store.hubspot.retry([{ accountId: id, version: 1, attempts: 3 }], NOW + 500, 'stale')
    await store.hubspot.done([{ accountId: id, version: 1 }])
    expect(await store.hubspot.pendingCount()).toBe(1)
    const [second] = await store.hubspot.claim(NOW + 10, NOW + 100, 10)
    expect(second).toMatchObject({ version: 2, attempts: 0, properties: { intent: 'two' } })

    await store.hubspot.retry(
      [{ accountId: id, version: 2, attempts: 4 }],
      NOW + 1_000,
      'x'.repeat(300),
    )
    expect(await store.hubspot.claim(NOW + 999, NOW + 2_000, 10)).toEqual([])
    const [third] = await store.hubspot.claim(NOW + 1_000, NOW + 2_000, 10)
    expect(third).toMatchObject({ version: 2, attempts: 4 })
    await store.hubspot.done([])
    await store.hubspot.retry([], NOW, 'none')
    await store.hubspot.done([{ accountId: id, version: 2 }])
    expect(await store.hubspot.pendingCount()).toBe(0)
    expect(await store.hubspot.claim(NOW + 10_000, NOW + 20_000, 10)).toEqual([])
  })

  it('keeps the last of two states queued in one batch, its version moved twice', async () => {
    const store = await one()
    await store.accounts.upsert('a.com', { name: 'a' }, NOW)
    const accountId = (await store.accounts.findWithId('a.com'))!.id
    const score = (points: number) => ({
      accountId,
      computedAt: NOW,
      modelId: 'm',
      score: points,
      probability: points / 100,
      label: 'warm',
      stage: 'consideration',
      fitGrade: null,
      surgingTopics: [],
      body: '{}',
    })
    const save = (points: number, intent: string) => ({
      score: score(points),
      notify: [],
      hubspot: { accountId, properties: JSON.stringify({ intent }) },
    })
    await store.scores.saveMany(
      [save(50, 'first'), save(60, 'second'), { score: score(61), notify: [], hubspot: null }],
      0,
      NOW,
    )
    expect(await store.hubspot.pendingCount()).toBe(1)
    const [claimed] = await store.hubspot.claim(NOW, NOW + 10, 10)
    expect(claimed).toMatchObject({ version: 2, properties: { intent: 'second' } })
  })

  it('remembers and forgets the company found for an account', async () => {
    const store = await one()
    const a = await queue(store, 'a.com', { intent: 'a' }, NOW)
    const b = await queue(store, 'b.com', { intent: 'b' }, NOW)
    await store.hubspot.rememberCompany(a, 'c-1', NOW + 1)
    await store.hubspot.rememberCompany(b, null, NOW + 2)
    const claimed = await store.hubspot.claim(NOW, NOW + 10, 10)
    expect(claimed.map((w) => w.company)).toEqual([
      { id: 'c-1', checkedAt: NOW + 1 },
      { id: null, checkedAt: NOW + 2 },
    ])
    await store.hubspot.rememberCompany(b, 'c-2', NOW + 3)
    await store.hubspot.forgetCompanies(['c-1', 'c-9'])
    await store.hubspot.forgetCompanies([])
    const later = await store.hubspot.claim(NOW + 10, NOW + 20, 10)
    expect(later.map((w) => w.company)).toEqual([undefined, { id: 'c-2', checkedAt: NOW + 3 }])
  })

  it('never gives one write-back to two replicas claiming at once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const ids: number[] = []
    for (let i = 0; i < 30; i++) ids.push(await queue(a, `a${i}.com`, { n: String(i) }, NOW))
    const rounds = await Promise.all([
      a.hubspot.claim(NOW, NOW + 1_000, 10),
      b.hubspot.claim(NOW, NOW + 1_000, 10),
      a.hubspot.claim(NOW, NOW + 1_000, 10),
      b.hubspot.claim(NOW, NOW + 1_000, 10),
    ])
    const taken = rounds.flat().map((w) => w.accountId)
    expect(new Set(taken).size).toBe(taken.length)
    expect([...taken].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y))
  })
})
