import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

describeEachEngine('change mark', ({ open }) => {
  let store: Store
  afterEach(() => store?.close())

  it('stays while nothing is written and moves with a write', async () => {
    store = await open()
    const first = await store.changes.mark()
    expect(await store.changes.mark()).toBe(first)
    await store.settings.getOrCreate('probe', 'value', 1)
    expect(await store.changes.mark()).not.toBe(first)
  })
})
