import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import type { NewDelivery, Subscription } from '../../../src/store/repos/outbox.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const NOW = 1_700_000_000_000

const sub = (id: string, createdAt: number, segments?: string[] | null): Subscription => ({
  id,
  url: `https://hooks.example/${id}`,
  events: ['score.changed'],
  threshold: 50,
  secret: `secret-${id}`,
  createdAt,
  ...(segments === undefined ? {} : { segments }),
})

/** Queues deliveries the way the service does: with a score save, through the store's own methods. */
async function queue(store: Store, domain: string, notify: NewDelivery[], at: number) {
  await store.accounts.upsert(domain, { name: domain }, at)
  const found = await store.accounts.findWithId(domain)
  const score = {
    accountId: found!.id,
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
  await store.scores.saveMany([{ score, notify }], 0, at)
}

const delivery = (id: string, subscriptionId = 's1'): NewDelivery => ({
  id,
  subscriptionId,
  event: 'score.changed',
  payload: JSON.stringify({ id }),
})

describeEachEngine('outbox', ({ engine, open, openPair }) => {
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

  it('keeps subscriptions in creation order, with their segments, and removes them', async () => {
    const store = await one()
    await store.outbox.subscribe(sub('b', 2))
    await store.outbox.subscribe(sub('a', 2, ['seg_1', 'seg_2']))
    await store.outbox.subscribe(sub('c', 1, null))
    const listed = await store.outbox.subscriptions()
    expect(listed.map((s) => s.id)).toEqual(['c', 'a', 'b'])
    expect(listed[1]).toEqual({ ...sub('a', 2), segments: ['seg_1', 'seg_2'] })
    expect(listed[2]!.segments).toBeNull()
    expect(listed[0]!.segments).toBeNull()
    await expect(store.outbox.subscribe(sub('a', 3))).rejects.toThrow()
    expect(await store.outbox.unsubscribe('a')).toBe(true)
    expect(await store.outbox.unsubscribe('a')).toBe(false)
    expect(await store.outbox.unsubscribe('nobody')).toBe(false)
    expect((await store.outbox.subscriptions()).map((s) => s.id)).toEqual(['c', 'b'])
  })

  it('hands out due deliveries earliest first and records their outcomes', async () => {
    const store = await one()
    await store.outbox.subscribe(sub('s1', NOW))
    await queue(store, 'a.com', [delivery('d1')], NOW)
    await queue(store, 'b.com', [delivery('d2'), delivery('d3')], NOW + 10)
    expect(await store.outbox.pendingCount()).toBe(3)
    expect(await store.outbox.due(NOW - 1, 10)).toEqual([])

    const first = await store.outbox.due(NOW + 10, 1)
    expect(first).toEqual([
      {
        id: 'd1',
        subscriptionId: 's1',
        event: 'score.changed',
        payload: JSON.stringify({ id: 'd1' }),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: NOW,
        lastError: null,
        lastStatus: null,
        createdAt: NOW,
        deliveredAt: null,
      },
    ])
    await store.outbox.markDelivered('d1', 1, NOW + 20)
    const rest = await store.outbox.due(NOW + 20, 10)
    expect(rest.map((d) => d.id).sort()).toEqual(['d2', 'd3'])
    expect(await store.outbox.pendingCount()).toBe(2)

    await store.outbox.markFailed('d2', 1, NOW + 1_000, 'x'.repeat(600), 503)
    await store.outbox.markFailed('d3', 8, null, 'timeout')
    expect(await store.outbox.pendingCount()).toBe(1)
    expect(await store.outbox.due(NOW + 999, 10)).toEqual([])
    const retried = await store.outbox.due(NOW + 1_000, 10)
    expect(retried).toHaveLength(1)
    expect(retried[0]).toMatchObject({ id: 'd2', attempts: 1, lastStatus: 503, status: 'pending' })
    expect(retried[0]!.lastError).toHaveLength(500)

    const all = await store.outbox.deliveries('s1', 10)
    // Newest first.
    expect(all[0]!.createdAt).toBe(NOW + 10)
    expect(all.at(-1)).toMatchObject({ id: 'd1', status: 'delivered', deliveredAt: NOW + 20 })
    const dead = all.find((d) => d.id === 'd3')!
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 8,
      nextAttemptAt: 0,
      lastError: 'timeout',
    })
    expect(dead.lastStatus).toBeNull()
    expect(await store.outbox.deliveries('s1', 1)).toHaveLength(1)
    expect(await store.outbox.deliveries('nobody', 10)).toEqual([])

    // A delivered one that failed before forgets its error.
    await store.outbox.markDelivered('d2', 2, NOW + 2_000)
    expect((await store.outbox.deliveries('s1', 10)).find((d) => d.id === 'd2')).toMatchObject({
      status: 'delivered',
      lastError: null,
      lastStatus: null,
    })
    expect(await store.outbox.pendingCount()).toBe(0)

    // Deliveries go with their subscription.
    expect(await store.outbox.unsubscribe('s1')).toBe(true)
    expect(await store.outbox.deliveries('s1', 10)).toEqual([])
  })

  it('never hands one delivery to two replicas at once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await a.outbox.subscribe(sub('s1', NOW))
    const ids = Array.from({ length: 40 }, (_, i) => `d${String(i).padStart(2, '0')}`)
    await queue(
      a,
      'a.com',
      ids.map((id) => delivery(id)),
      NOW,
    )
    const rounds = await Promise.all([
      a.outbox.due(NOW, 15),
      b.outbox.due(NOW, 15),
      a.outbox.due(NOW, 15),
      b.outbox.due(NOW, 15),
    ])
    const taken = rounds.flat().map((d) => d.id)
    if (engine === 'postgres') {
      // A claim: each delivery to one round only, leased away from the next rounds.
      expect(new Set(taken).size).toBe(taken.length)
      expect([...taken].sort()).toEqual(ids)
      expect(await b.outbox.due(NOW, 50)).toEqual([])
    } else {
      // SQLite's due is a plain read for its one process: every round sees the same 15.
      expect(new Set(taken).size).toBe(15)
    }
  })
})
