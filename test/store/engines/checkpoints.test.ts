import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

describeEachEngine('checkpoints', ({ open }) => {
  let store: Store
  afterEach(() => store?.close())

  it('reads null for an absent checkpoint, then what was saved', async () => {
    store = await open()
    expect(await store.checkpoints.get('score-all')).toBeNull()
    await store.checkpoints.save('score-all', { params: '{"a":1}', lastKey: '17', done: 17 }, 1)
    expect(await store.checkpoints.get('score-all')).toEqual({
      params: '{"a":1}',
      lastKey: '17',
      done: 17,
    })
    expect(await store.checkpoints.get('other')).toBeNull()
  })

  it('replaces a checkpoint saved again, and clears it (an absent one too)', async () => {
    store = await open()
    await store.checkpoints.save('job', { params: '{}', lastKey: 'a', done: 1 }, 1)
    await store.checkpoints.save('job', { params: '{"b":2}', lastKey: 'b', done: 2 }, 2)
    expect(await store.checkpoints.get('job')).toEqual({ params: '{"b":2}', lastKey: 'b', done: 2 })
    await store.checkpoints.clear('job')
    await store.checkpoints.clear('never-saved')
    expect(await store.checkpoints.get('job')).toBeNull()
  })

  it('refuses params that are not JSON', async () => {
    store = await open()
    await expect(
      store.checkpoints.save('job', { params: 'not json', lastKey: 'a', done: 1 }, 1),
    ).rejects.toThrow()
    expect(await store.checkpoints.get('job')).toBeNull()
  })
})
