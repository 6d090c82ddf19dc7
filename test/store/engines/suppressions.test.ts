import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { signalRecord } from '../../helpers/signal-records.ts'

const AT = Date.parse('2026-11-20T10:00:00Z')
const hash = (n: number) => Buffer.alloc(32, n)

describeEachEngine('suppressions', ({ open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })

  async function erased(store: Store) {
    await store.signals.ingest([signalRecord({ account: 'acme.pl' })], AT)
    await store.erasure.eraseAccount('acme.pl', { actor: 'ops', hash: hash(1) }, () => hash(2), AT)
  }

  it('any, lift (audited) and a lift of nothing', async () => {
    const store = await open()
    stores.push(store)
    expect(await store.suppressions.any([])).toBe(false)
    expect(await store.suppressions.any([hash(1)])).toBe(false)
    await erased(store)
    expect(await store.suppressions.any([hash(9), hash(1)])).toBe(true)
    expect(await store.suppressions.lift(hash(1), 'account', 'admin', AT + 1)).toBe(true)
    expect(await store.suppressions.any([hash(1)])).toBe(false)
    expect(await store.suppressions.lift(hash(1), 'account', 'admin', AT + 2)).toBe(false)
    const [entry] = await store.erasure.auditLog(1)
    expect(entry).toEqual({
      at: AT + 1,
      actor: 'admin',
      action: 'suppression.lifted',
      target_kind: 'account',
      target_hash: hash(1).toString('hex'),
      details: '{}',
    })
    const batch = await store.signals.ingest(
      [signalRecord({ account: 'acme.pl', suppression: [hash(1)] })],
      AT + 3,
    )
    expect(batch.fates).toEqual(['stored'])
  })

  it('rekeyLegacyAudit re-keys nothing when no legacy rows exist', async () => {
    const store = await open()
    stores.push(store)
    await erased(store)
    expect(await store.suppressions.rekeyLegacyAudit((hex) => `k${hex}`)).toBe(0)
    expect((await store.erasure.auditLog(1))[0]!.target_hash).toBe(hash(1).toString('hex'))
  })

  it('two replicas lifting one suppression at once: exactly one lifts it', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await erased(a)
    const results = await Promise.all([
      a.suppressions.lift(hash(1), 'account', 'a', AT + 1),
      b.suppressions.lift(hash(1), 'account', 'b', AT + 1),
    ])
    expect(results.sort()).toEqual([false, true])
    expect(
      (await a.erasure.auditLog(10)).filter((e) => e.action === 'suppression.lifted'),
    ).toHaveLength(1)
  })
})
