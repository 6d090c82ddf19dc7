import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { DAY_MS } from '../../../src/vocabulary.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { signalRecord } from '../../helpers/signal-records.ts'

const AT = Date.parse('2026-11-20T10:00:00Z')
const DAY = Math.floor(AT / DAY_MS)

describeEachEngine('contacts', ({ open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })

  it('upsert creates, patches, reports unchanged reruns and get reads back', async () => {
    const store = await open()
    stores.push(store)
    expect(await store.contacts.get('ann@acme.pl')).toBeNull()
    const first = await store.contacts.upsert('ann@acme.pl', 'acme.pl', { name: 'Ann' }, AT)
    expect(first).toMatchObject({ created: true, changed: true })
    expect(first!.contact).toMatchObject({ email: 'ann@acme.pl', account: 'acme.pl', name: 'Ann' })
    const rerun = await store.contacts.upsert('ann@acme.pl', 'acme.pl', { name: 'Ann' }, AT + 1)
    expect(rerun).toMatchObject({ created: false, changed: false })
    const patched = await store.contacts.upsert(
      'ann@acme.pl',
      null,
      { title: 'CTO', seniority: 'c_level' },
      AT + 2,
    )
    expect(patched!.contact).toMatchObject({
      name: 'Ann',
      title: 'CTO',
      seniorityOverride: 'c_level',
    })
    const unlinked = await store.contacts.upsert('ann@acme.pl', null, { account: null }, AT + 3)
    expect(unlinked).toMatchObject({ changed: true, contact: { account: null } })
  })

  it('refuses a suppressed guard, writing nothing', async () => {
    const store = await open()
    stores.push(store)
    await store.contacts.upsert('x@acme.pl', 'acme.pl', {}, AT)
    const hash = Buffer.alloc(32, 3)
    await store.erasure.eraseContact('x@acme.pl', { actor: 't', hash }, AT)
    expect(await store.contacts.upsert('x@acme.pl', 'acme.pl', {}, AT, [hash])).toBeNull()
    expect(await store.contacts.get('x@acme.pl')).toBeNull()
    const many = await store.contacts.upsertMany(
      [
        { email: 'y@acme.pl', derivedAccount: 'acme.pl', patch: {}, guard: [] },
        { email: 'x@acme.pl', derivedAccount: 'acme.pl', patch: {}, guard: [hash] },
      ],
      AT,
    )
    expect(many).toEqual({ suppressed: [1] })
    expect(await store.contacts.get('y@acme.pl')).toBeNull()
  })

  it('upsertMany writes all and reports each', async () => {
    const store = await open()
    stores.push(store)
    await store.contacts.upsert('a@acme.pl', 'acme.pl', { name: 'A' }, AT)
    const many = await store.contacts.upsertMany(
      [
        { email: 'a@acme.pl', derivedAccount: 'acme.pl', patch: { name: 'A' }, guard: [] },
        { email: 'b@beta.io', derivedAccount: 'beta.io', patch: { name: 'B' }, guard: [] },
      ],
      AT + 1,
    )
    expect(many).toEqual({
      written: [
        { created: false, changed: false },
        { created: true, changed: true },
      ],
    })
    expect(await store.contacts.get('b@beta.io')).toMatchObject({ account: 'beta.io', name: 'B' })
  })

  it('linking a contact moves their orphan signals to the account', async () => {
    const store = await open()
    stores.push(store)
    await store.signals.ingest(
      [signalRecord({ account: null, contact: { email: 'c@gmail.com', accountDomain: null } })],
      AT,
    )
    await store.contacts.upsert('c@gmail.com', null, { account: 'gamma.com' }, AT + 1)
    const id = (await store.activity.accountIdOf('gamma.com'))!
    const cells = await store.activity.cells(id, DAY - 1, DAY + 2, (DAY + 2) * DAY_MS)
    expect(cells.reduce((sum, cell) => sum + cell.signals, 0)).toBe(1)
  })

  it('two replicas patching one contact at once lose neither patch', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await Promise.all([
      a.contacts.upsert('d@acme.pl', 'acme.pl', { name: 'Dee' }, AT),
      b.contacts.upsert('d@acme.pl', 'acme.pl', { title: 'CFO' }, AT),
    ])
    expect(await a.contacts.get('d@acme.pl')).toMatchObject({
      name: 'Dee',
      title: 'CFO',
      account: 'acme.pl',
    })
  })
})
