import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { DAY_MS } from '../../../src/vocabulary.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { signalRecord } from '../../helpers/signal-records.ts'

const AT = Date.parse('2026-11-20T10:00:00Z')
const DAY = Math.floor(AT / DAY_MS)

async function seed(store: Store) {
  await store.signals.ingest(
    [
      signalRecord({ dedupeKey: Buffer.from('r1'), account: 'acme.pl', url: 'https://x/crm' }),
      signalRecord({
        dedupeKey: Buffer.from('r2'),
        account: 'acme.pl',
        title: 'ERP guide',
        occurredAt: AT + DAY_MS,
      }),
      signalRecord({ dedupeKey: Buffer.from('r3'), account: 'acme.pl' }), // no evidence
      signalRecord({
        dedupeKey: Buffer.from('r4'),
        account: 'acme.pl',
        url: 'https://x/sent',
        topic: { key: 'sent', label: 'Sent' },
        topicSource: 'sent',
      }),
      signalRecord({
        dedupeKey: Buffer.from('r5'),
        account: null,
        contact: { email: 'p@gmail.com', accountDomain: null },
        query: 'crm',
      }),
    ],
    AT,
  )
}

describeEachEngine('retopic', ({ open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })

  it('pages topic-less signals with evidence, applies topics and rebuilds the day', async () => {
    const store = await open()
    stores.push(store)
    await seed(store)
    const page = await store.retopic.page(0, 10)
    expect(page.map((s) => [s.url, s.title, s.query])).toEqual([
      ['https://x/crm', null, null],
      [null, 'ERP guide', null],
      [null, null, 'crm'],
    ])
    expect(page[2]!.accountId).toBeNull()
    expect(await store.retopic.remaining(0)).toBe(3)
    expect(await store.retopic.remaining(page[0]!.id)).toBe(2)
    expect(await store.retopic.page(page[0]!.id, 1)).toEqual([page[1]])
    const items = [
      {
        id: page[0]!.id,
        accountId: page[0]!.accountId,
        occurredAt: page[0]!.occurredAt,
        key: 'crm',
        label: 'CRM',
      },
      {
        id: page[1]!.id,
        accountId: page[1]!.accountId,
        occurredAt: page[1]!.occurredAt,
        key: 'erp',
        label: 'ERP',
      },
      {
        id: page[2]!.id,
        accountId: null,
        occurredAt: page[2]!.occurredAt,
        key: 'crm',
        label: 'CRM',
      },
    ]
    const result = await store.retopic.apply(items, AT + 5)
    expect(result.updated).toBe(3)
    expect(result.capped).toBe(0)
    expect(result.accounts).toEqual([page[0]!.accountId])
    expect(await store.retopic.remaining(0)).toBe(0)
    const crm = (await store.topics.byKey('crm'))!
    const cells = await store.activity.cells(
      page[0]!.accountId!,
      DAY - 1,
      DAY + 3,
      (DAY + 3) * DAY_MS,
    )
    expect(cells.filter((cell) => cell.topicId === crm.id).reduce((s, c) => s + c.signals, 0)).toBe(
      1,
    )
    expect(cells.reduce((s, c) => s + c.signals, 0)).toBe(4)
    // Applying again changes nothing.
    expect((await store.retopic.apply(items, AT + 6)).updated).toBe(0)
  })

  it('leaves a signal topic-less when its account is at its topic limit', async () => {
    const store = await open({ topicLimit: { maxTopics: 1, windowDays: 21 } })
    stores.push(store)
    await seed(store) // r4 holds acme.pl's one topic
    const [first] = await store.retopic.page(0, 1)
    const result = await store.retopic.apply(
      [
        {
          id: first!.id,
          accountId: first!.accountId,
          occurredAt: first!.occurredAt,
          key: 'crm',
          label: 'CRM',
        },
      ],
      AT,
    )
    expect(result).toEqual({ updated: 0, capped: 1, accounts: [] })
    expect(await store.retopic.remaining(0)).toBe(3)
  })

  it('two replicas applying one page at once update each signal once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await seed(a)
    const page = await a.retopic.page(0, 10)
    const items = page.map((s) => ({
      id: s.id,
      accountId: s.accountId,
      occurredAt: s.occurredAt,
      key: 'crm',
      label: 'CRM',
    }))
    const [ra, rb] = await Promise.all([a.retopic.apply(items, AT), b.retopic.apply(items, AT)])
    expect(ra.updated + rb.updated).toBe(3)
    expect(await b.retopic.remaining(0)).toBe(0)
  })
})
