import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const NOW = 1_700_000_000_000
const LEASE = 60_000

describeEachEngine('webhook event claims', ({ open, openPair }) => {
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

  it('claims an event once, says who holds it, and takes over an expired claim', async () => {
    const store = await one()
    const w = store.webhooks
    expect(await w.claim('crm', 'e1', NOW, LEASE)).toEqual({ state: 'claimed' })
    expect(await w.claim('crm', 'e1', NOW + 1, LEASE)).toEqual({ state: 'pending', claimedAt: NOW })
    // Another source's event of the same id is another event.
    expect(await w.claim('hubspot', 'e1', NOW + 1, LEASE)).toEqual({ state: 'claimed' })
    // Within the lease: still pending; at its end: taken over.
    expect(await w.claim('crm', 'e1', NOW + LEASE - 1, LEASE)).toEqual({
      state: 'pending',
      claimedAt: NOW,
    })
    expect(await w.claim('crm', 'e1', NOW + LEASE, LEASE)).toEqual({ state: 'claimed' })
    expect(await w.claim('crm', 'e1', NOW + LEASE + 1, LEASE)).toEqual({
      state: 'pending',
      claimedAt: NOW + LEASE,
    })
    // The first taker's release no longer applies: the claim is the second's.
    await w.release('crm', 'e1', NOW)
    expect(await w.claim('crm', 'e1', NOW + LEASE + 2, LEASE)).toEqual({
      state: 'pending',
      claimedAt: NOW + LEASE,
    })
    await w.confirm('crm', 'e1', NOW + LEASE + 3)
    await w.confirm('crm', 'e1', NOW + LEASE + 9) // keeps the first time; no effect seen here
    expect(await w.claim('crm', 'e1', NOW + 10 * LEASE, LEASE)).toEqual({ state: 'applied' })
    // An applied event is never released.
    await w.release('crm', 'e1', NOW + LEASE)
    expect(await w.claim('crm', 'e1', NOW + 10 * LEASE, LEASE)).toEqual({ state: 'applied' })
    // Confirming an event never claimed writes nothing.
    await w.confirm('segment', 'never', NOW)
    expect(await w.claim('segment', 'never', NOW, LEASE)).toEqual({ state: 'claimed' })
  })

  it('gives a released claim to the next delivery', async () => {
    const store = await one()
    const w = store.webhooks
    expect(await w.claim('segment', 'e2', NOW, LEASE)).toEqual({ state: 'claimed' })
    await w.release('segment', 'e2', NOW + 1) // not the time it was taken at: kept
    expect(await w.claim('segment', 'e2', NOW + 2, LEASE)).toEqual({
      state: 'pending',
      claimedAt: NOW,
    })
    await w.release('segment', 'e2', NOW)
    expect(await w.claim('segment', 'e2', NOW + 3, LEASE)).toEqual({ state: 'claimed' })
  })

  it('learns CRM object keys, the latest winning', async () => {
    const store = await one()
    const w = store.webhooks
    expect(await w.keyOf('crm', 'company', '1')).toBeNull()
    await w.learn('crm', 'company', '1', 'acme.com')
    await w.learn('crm', 'contact', '1', 'ann@acme.com')
    await w.learn('hubspot', 'company', '1', 'other.com')
    expect(await w.keyOf('crm', 'company', '1')).toBe('acme.com')
    await w.learn('crm', 'company', '1', 'acme.io')
    expect(await w.keyOf('crm', 'company', '1')).toBe('acme.io')
    expect(await w.keyOf('crm', 'contact', '1')).toBe('ann@acme.com')
    expect(await w.keyOf('hubspot', 'company', '1')).toBe('other.com')
    expect(await w.keyOf('crm', 'company', '2')).toBeNull()
  })

  it('gives an event to exactly one of two replicas delivering it at once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    for (let event = 0; event < 5; event++) {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? a : b).webhooks.claim('crm', `race-${event}`, NOW + i, LEASE),
        ),
      )
      expect(outcomes.filter((o) => o.state === 'claimed')).toHaveLength(1)
      expect(outcomes.filter((o) => o.state === 'pending')).toHaveLength(7)
    }
  })
})
