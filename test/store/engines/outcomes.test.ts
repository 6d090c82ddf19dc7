import { afterEach, expect, it } from 'vitest'
import type { OutcomeRecord } from '../../../src/records.ts'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const AT = Date.parse('2026-11-20T10:00:00Z')
const outcome = (key: string, fields: Partial<OutcomeRecord> = {}): OutcomeRecord => ({
  dedupeKey: Buffer.from(key),
  externalId: null,
  account: 'acme.pl',
  type: 'opportunity',
  occurredAt: AT,
  amount: null,
  suppression: [],
  ...fields,
})

describeEachEngine('outcomes', ({ open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })

  it('ingests with fates and reads back by domain, id, presence and all', async () => {
    const store = await open()
    stores.push(store)
    const hash = Buffer.alloc(32, 9)
    await store.outcomes.ingest([outcome('g', { account: 'gone.com' })], AT)
    await store.erasure.eraseAccount(
      'gone.com',
      { actor: 't', hash },
      () => Buffer.alloc(32, 1),
      AT,
    )
    const batch = await store.outcomes.ingest(
      [
        outcome('o1', { type: 'won', occurredAt: AT + 10, amount: 5 }),
        outcome('o2', { occurredAt: AT }),
        outcome('o1'),
        outcome('o3', { account: 'gone.com', suppression: [hash] }),
        outcome('o4', { account: 'beta.io', type: 'lost', occurredAt: AT + 5 }),
      ],
      AT,
    )
    expect(batch).toEqual({
      fates: ['stored', 'stored', 'duplicate', 'suppressed', 'stored'],
      topicless: [],
    })
    expect(await store.outcomes.forAccount('acme.pl', AT + 100)).toEqual([
      { type: 'opportunity', occurredAt: AT },
      { type: 'won', occurredAt: AT + 10 },
    ])
    expect(await store.outcomes.forAccount('acme.pl', AT + 5)).toEqual([
      { type: 'opportunity', occurredAt: AT },
    ])
    expect(await store.outcomes.forAccount('nobody.com', AT)).toEqual([])
    const acme = (await store.activity.accountIdOf('acme.pl'))!
    const beta = (await store.activity.accountIdOf('beta.io'))!
    expect(await store.activity.accountIdOf('gone.com')).toBeNull()
    expect(await store.outcomes.forAccountId(acme, AT + 100)).toHaveLength(2)
    expect(await store.outcomes.withOutcomes([acme, beta, 999], AT + 1)).toEqual(new Set([acme]))
    expect(await store.outcomes.withOutcomes([], AT)).toEqual(new Set())
    expect(await store.outcomes.all(AT + 100)).toEqual([
      { domain: 'acme.pl', type: 'opportunity', occurredAt: AT },
      { domain: 'acme.pl', type: 'won', occurredAt: AT + 10 },
      { domain: 'beta.io', type: 'lost', occurredAt: AT + 5 },
    ])
    expect((await store.scores.dirty(10)).map((d) => d.domain).sort()).toEqual([
      'acme.pl',
      'beta.io',
    ])
  })

  it('two replicas ingesting the same outcomes store each once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const records = [outcome('r1'), outcome('r2', { account: 'new.com' })]
    const [ra, rb] = await Promise.all([
      a.outcomes.ingest(records, AT),
      b.outcomes.ingest(records, AT),
    ])
    for (const i of [0, 1])
      expect([ra.fates[i], rb.fates[i]].sort()).toEqual(['duplicate', 'stored'])
    expect(await a.outcomes.all(AT)).toHaveLength(2)
  })
})
