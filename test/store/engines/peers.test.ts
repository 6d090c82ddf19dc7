import { beforeAll, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { DAY, seedActivity } from './activity-seed.ts'

describeEachEngine('peer reads', ({ open }) => {
  let store: Store
  let seed: Awaited<ReturnType<typeof seedActivity>>
  beforeAll(async () => {
    store = await open()
    await store.accounts.upsert('gamma.pl', { industry: 'Software', employees: 120 }, 1)
    seed = await seedActivity(store)
    return () => store.close()
  })

  it('lists every account segment inputs, and the topic ids', async () => {
    const id = async (domain: string) => (await store.activity.accountIdOf(domain))!
    expect(await store.peers.accounts()).toEqual([
      { id: await id('gamma.pl'), industry: 'Software', employees: 120 },
      { id: seed.acme, industry: null, employees: null },
      { id: seed.beta, industry: null, employees: null },
    ])
    expect(await store.peers.topicIds()).toEqual(
      [seed.crmId, seed.securityId].sort((a, b) => a - b),
    )
  })

  it('reads one topic rollup rows over whole days', async () => {
    const { crmId } = seed
    const { acme, beta } = seed
    // Whole days (DAY's row holds dave's signal too), by day then account.
    expect(await store.peers.rows(crmId, DAY - 2, DAY)).toEqual([
      [acme, DAY - 2, 'content', 3, 2, 2.5, 2],
      [beta, DAY - 1, 'content', 1, 1, 3, 1],
      [acme, DAY, 'content', 2, 2, 1.5, 1],
    ])
    expect(await store.peers.rows(crmId, DAY - 1, DAY - 1)).toEqual([
      [beta, DAY - 1, 'content', 1, 1, 3, 1],
    ])
    expect(await store.peers.rows(crmId, DAY + 1, DAY + 5)).toEqual([])
  })
})

describeEachEngine('peer baselines', ({ open, openPair }) => {
  it('saves a window baselines, replaces them, prunes old windows', async () => {
    const store = await open()
    try {
      expect(await store.peers.get(100, 'h1')).toBeNull()
      await store.peers.save({ firstDay: 100, lastDay: 130 }, 'h1', '{"a":1}', 5, 90)
      await store.peers.save({ firstDay: 100, lastDay: 130 }, 'h2', '{"b":1}', 6, 90)
      expect(await store.peers.get(100, 'h1')).toEqual({ computedAt: 5, body: '{"a":1}' })
      await store.peers.save({ firstDay: 100, lastDay: 131 }, 'h1', '{"a":2}', 7, 90)
      expect(await store.peers.get(100, 'h1')).toEqual({ computedAt: 7, body: '{"a":2}' })
      expect(await store.peers.get(100, 'h2')).toEqual({ computedAt: 6, body: '{"b":1}' })
      // A later window, keeping from day 101: the windows starting before it go.
      await store.peers.save({ firstDay: 110, lastDay: 140 }, 'h1', '{"c":1}', 8, 101)
      expect(await store.peers.get(100, 'h1')).toBeNull()
      expect(await store.peers.get(100, 'h2')).toBeNull()
      expect(await store.peers.get(110, 'h1')).toEqual({ computedAt: 8, body: '{"c":1}' })
      await expect(
        store.peers.save({ firstDay: 120, lastDay: 150 }, 'h1', 'not json', 9, 101),
      ).rejects.toThrow()
      expect(await store.peers.get(110, 'h1')).toEqual({ computedAt: 8, body: '{"c":1}' })
    } finally {
      await store.close()
    }
  })

  it('two replicas saving one window at once leave one of their baselines', async () => {
    const [a, b] = await openPair()
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? a : b).peers.save(
            { firstDay: 100, lastDay: 130 },
            'h',
            JSON.stringify({ i }),
            i,
            90,
          ),
        ),
      )
      const stored = (await b.peers.get(100, 'h'))!
      expect(stored.body).toBe(JSON.stringify({ i: stored.computedAt }))
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})
