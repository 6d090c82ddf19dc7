import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

describeEachEngine('models', ({ open, openPair }) => {
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

  it('saves once per id, lists newest first (ties by id), gets by id', async () => {
    const store = await one()
    await store.models.save('m-b', '{"v":1}', 10)
    await store.models.save('m-a', '{"v":2}', 10)
    await store.models.save('m-c', '{"v":3}', 20)
    await store.models.save('m-a', '{"v":"again"}', 30) // a duplicate id keeps the first
    expect((await store.models.list()).map((model) => model.id)).toEqual(['m-c', 'm-a', 'm-b'])
    expect(await store.models.get('m-a')).toEqual({
      id: 'm-a',
      body: '{"v":2}',
      createdAt: 10,
      active: false,
    })
    expect(await store.models.get('absent')).toBeNull()
    expect(await store.models.active()).toBeNull()
  })

  it('activates one model at a time; an unknown id changes nothing', async () => {
    const store = await one()
    await store.models.save('m1', '{}', 1)
    await store.models.save('m2', '{}', 2)
    expect(await store.models.activate('m1')).toBe(true)
    expect((await store.models.active())?.id).toBe('m1')
    expect(await store.models.activate('m2')).toBe(true)
    expect(await store.models.activate('m2')).toBe(true) // already active: stays
    expect(await store.models.activate('nope')).toBe(false)
    expect((await store.models.active())?.id).toBe('m2')
    expect((await store.models.list()).filter((model) => model.active).map((m) => m.id)).toEqual([
      'm2',
    ])
    await store.models.deactivateAll()
    expect(await store.models.active()).toBeNull()
    await store.models.deactivateAll()
    expect((await store.models.get('m1'))?.active).toBe(false)
  })

  it('leaves exactly one active model when two replicas activate at once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const ids = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']
    for (const [i, id] of ids.entries()) await a.models.save(id, '{}', i)
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).models.activate(ids[i % 6]!)),
    )
    expect(results.every((ok) => ok)).toBe(true)
    const active = (await b.models.list()).filter((model) => model.active)
    expect(active).toHaveLength(1)
    expect((await a.models.active())?.id).toBe(active[0]!.id)
  })
})
