import { afterEach, expect, it } from 'vitest'
import { openStore, type Store } from '../../../src/store/index.ts'
import { DAY_MS } from '../../../src/vocabulary.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { signalRecord } from '../../helpers/signal-records.ts'

const AT = Date.parse('2026-11-20T10:00:00Z')
const DAY = Math.floor(AT / DAY_MS)
const hash = (n: number) => Buffer.alloc(32, n)

async function cellsOf(store: Store, domain: string) {
  const id = await store.activity.accountIdOf(domain)
  return id === null ? null : store.activity.cells(id, DAY - 5, DAY + 5, (DAY + 5) * DAY_MS)
}

async function seed(store: Store) {
  await store.signals.ingest(
    [
      signalRecord({
        dedupeKey: Buffer.from('e1'),
        account: 'acme.pl',
        contact: { email: 'ann@acme.pl', accountDomain: null },
        topic: { key: 'crm', label: 'CRM' },
        weight: 2,
      }),
      signalRecord({
        dedupeKey: Buffer.from('e2'),
        account: 'acme.pl',
        contact: { email: 'bob@acme.pl', accountDomain: null },
        topic: { key: 'crm', label: 'CRM' },
        weight: 1,
      }),
      signalRecord({ dedupeKey: Buffer.from('e3'), account: 'acme.pl' }),
      signalRecord({
        dedupeKey: Buffer.from('e4'),
        account: 'beta.io',
        contact: { email: 'cy@beta.io', accountDomain: null },
      }),
    ],
    AT,
  )
}

describeEachEngine('erasure', ({ open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })

  it('erases a contact: rollups rebuilt as SQLite, audit written, re-ingest suppressed', async () => {
    const store = await open()
    const reference = openStore(':memory:')
    stores.push(store, reference)
    for (const s of [store, reference]) {
      await seed(s)
      expect(
        await s.erasure.eraseContact('ann@acme.pl', { actor: 'ops', hash: hash(1) }, AT + 1),
      ).toEqual({
        signals: 1,
      })
    }
    expect(
      await store.erasure.eraseContact('nobody@acme.pl', { actor: 'ops', hash: hash(2) }, AT),
    ).toBeNull()
    expect(await store.contacts.get('ann@acme.pl')).toBeNull()
    const cells = await cellsOf(store, 'acme.pl')
    expect(cells).toEqual(await cellsOf(reference, 'acme.pl'))
    expect(cells!.reduce((sum, cell) => sum + cell.signals, 0)).toBe(2)
    const log = await store.erasure.auditLog(10)
    expect(log).toEqual([
      {
        at: AT + 1,
        actor: 'ops',
        action: 'contact.erased',
        target_kind: 'contact',
        target_hash: hash(1).toString('hex'),
        details: JSON.stringify({ signals: 1, accounts: 1 }),
      },
    ])
    expect(await store.suppressions.any([hash(1)])).toBe(true)
    const again = await store.signals.ingest(
      [
        signalRecord({
          account: 'acme.pl',
          contact: { email: 'ann@acme.pl', accountDomain: null },
          suppression: [hash(1)],
        }),
      ],
      AT + 2,
    )
    expect(again.fates).toEqual(['suppressed'])
    expect(await store.contacts.get('ann@acme.pl')).toBeNull()
  })

  it('erases an account with its people, suppressing each', async () => {
    const store = await open()
    stores.push(store)
    await seed(store)
    const contactHash = (email: string) => Buffer.alloc(32, email.length)
    const erased = await store.erasure.eraseAccount(
      'acme.pl',
      { actor: 'ops', hash: hash(5) },
      contactHash,
      AT + 1,
    )
    expect(erased).toEqual({ signals: 3, contacts: 2, outcomes: 0 })
    expect(await store.activity.accountIdOf('acme.pl')).toBeNull()
    expect(await store.contacts.get('bob@acme.pl')).toBeNull()
    expect(await store.suppressions.any([contactHash('bob@acme.pl')])).toBe(true)
    expect(await store.suppressions.any([hash(5)])).toBe(true)
    expect(
      await store.erasure.eraseAccount('acme.pl', { actor: 'ops', hash: hash(5) }, contactHash, AT),
    ).toBeNull()
    const [entry] = await store.erasure.auditLog(1)
    expect(entry).toMatchObject({ action: 'account.erased', details: JSON.stringify(erased) })
    expect(await cellsOf(store, 'beta.io')).toHaveLength(1)
    const batch = await store.signals.ingest(
      [signalRecord({ account: 'acme.pl', suppression: [hash(5)] })],
      AT + 2,
    )
    expect(batch.fates).toEqual(['suppressed'])
  })

  it('two replicas erasing one contact at once: one erases, the other finds nothing', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await seed(a)
    const results = await Promise.all([
      a.erasure.eraseContact('ann@acme.pl', { actor: 'a', hash: hash(1) }, AT + 1),
      b.erasure.eraseContact('ann@acme.pl', { actor: 'b', hash: hash(1) }, AT + 1),
    ])
    expect(results.filter((r) => r !== null)).toEqual([{ signals: 1 }])
    expect((await a.erasure.auditLog(10)).length).toBe(1)
  })

  it('an erasure on one replica reaches the other replica’s identity cache', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await seed(b) // b learns acme.pl and ann's ids
    await a.erasure.eraseAccount('acme.pl', { actor: 'a', hash: hash(5) }, () => hash(6), AT + 1)
    const batch = await b.signals.ingest(
      [
        signalRecord({
          account: 'acme.pl',
          contact: { email: 'new@acme.pl', accountDomain: null },
        }),
      ],
      AT + 2,
    )
    expect(batch.fates).toEqual(['stored'])
    expect(await b.contacts.get('new@acme.pl')).toMatchObject({ account: 'acme.pl' })
  })
})
