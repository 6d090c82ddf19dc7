import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import type { TaxonomyTopic } from '../../../src/taxonomy/types.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { at, DAY, seedActivity } from './activity-seed.ts'

const topic = (name: string, category = 'crm'): TaxonomyTopic => ({
  name,
  category,
  keywords: [`${name} software`, 'żółć'],
  urls: [`g2.com/${name}*`],
})

describeEachEngine('taxonomy', ({ open, openPair }) => {
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

  it('starts with the default: not custom, no version, no stored topics', async () => {
    const store = await one()
    expect(await store.taxonomy.state()).toEqual({ custom: false, version: null })
    expect(await store.taxonomy.topics()).toEqual([])
  })

  it('replaces the taxonomy whole, topics in the order sent', async () => {
    const store = await one()
    await store.taxonomy.replace(
      [
        { key: 'zeta', topic: topic('Zeta') },
        { key: 'alpha', topic: topic('Alpha', 'security') },
      ],
      'v1',
      10,
    )
    expect(await store.taxonomy.state()).toEqual({ custom: true, version: 'v1' })
    expect(await store.taxonomy.topics()).toEqual([topic('Zeta'), topic('Alpha', 'security')])
    await store.taxonomy.replace([{ key: 'beta', topic: topic('Beta') }], 'v2', 20)
    expect(await store.taxonomy.topics()).toEqual([topic('Beta')])
    // An empty taxonomy is still a custom one.
    await store.taxonomy.replace([], 'v3', 30)
    expect(await store.taxonomy.state()).toEqual({ custom: true, version: 'v3' })
    expect(await store.taxonomy.topics()).toEqual([])
  })

  it('a replacement that fails (a duplicate key) leaves the old taxonomy', async () => {
    const store = await one()
    await store.taxonomy.replace([{ key: 'a', topic: topic('A') }], 'v1', 10)
    await expect(
      store.taxonomy.replace(
        [
          { key: 'b', topic: topic('B') },
          { key: 'b', topic: topic('B2') },
        ],
        'v2',
        20,
      ),
    ).rejects.toThrow()
    expect(await store.taxonomy.state()).toEqual({ custom: true, version: 'v1' })
    expect(await store.taxonomy.topics()).toEqual([topic('A')])
  })

  it('a new version marks the accounts with stored topics for rescoring; the same version does not', async () => {
    const store = await one()
    const { acme, crmId } = await seedActivity(store)
    const body = JSON.stringify({ intent: { topics: [{ topicId: crmId, surge: 2 }] } })
    const score = (accountId: number) => ({
      accountId,
      computedAt: at(DAY, 7),
      modelId: 'm1',
      score: 60,
      probability: 0.6,
      label: 'warm',
      stage: 'aware',
      fitGrade: null,
      surgingTopics: ['CRM'],
      body,
    })
    const ids = [(await store.activity.accountIdOf('beta.pl'))!, acme]
    await store.scores.saveMany(
      [
        { score: score(acme), notify: [] },
        { score: { ...score(ids[0]!), body: '{}' }, notify: [] },
      ],
      DAY,
      at(DAY, 8),
    )
    expect(await store.scores.dirty(10)).toEqual([])
    await store.taxonomy.replace([{ key: 'crm', topic: topic('CRM') }], 'v1', at(DAY, 9))
    // Only acme's stored score has topics.
    expect(await store.scores.dirty(10)).toEqual([{ accountId: acme, domain: 'acme.pl' }])
    await store.scores.saveMany([{ score: score(acme), notify: [] }], DAY, at(DAY, 10))
    await store.taxonomy.replace([{ key: 'crm', topic: topic('CRM 2') }], 'v1', at(DAY, 11))
    expect(await store.scores.dirty(10)).toEqual([])
    expect(await store.taxonomy.topics()).toEqual([topic('CRM 2')])
  })

  it('two replicas replacing at once leave one whole taxonomy, never a mixture', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const first = Array.from({ length: 40 }, (_, i) => ({ key: `a${i}`, topic: topic(`A${i}`) }))
    const second = Array.from({ length: 30 }, (_, i) => ({ key: `b${i}`, topic: topic(`B${i}`) }))
    await Promise.all([a.taxonomy.replace(first, 'va', 1), b.taxonomy.replace(second, 'vb', 1)])
    const state = await a.taxonomy.state()
    const topics = await b.taxonomy.topics()
    expect(topics).toEqual((state.version === 'va' ? first : second).map((item) => item.topic))
  })
})
