import { beforeAll, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { signalRecord } from '../../helpers/signal-records.ts'
import { at, DAY, seedActivity } from './activity-seed.ts'

describeEachEngine('topic reads', ({ open }) => {
  let store: Store
  let seed: Awaited<ReturnType<typeof seedActivity>>
  beforeAll(async () => {
    store = await open()
    seed = await seedActivity(store)
    // Two more topics tied with security (one account, two signals): paging breaks ties by key.
    const more = ['zulu', 'alpha'].flatMap((key) =>
      [1, 2].map((hour) =>
        signalRecord({
          account: 'beta.pl',
          topic: { key, label: key.toUpperCase() },
          topicSource: 'sent',
          occurredAt: at(DAY - 1, hour),
        }),
      ),
    )
    await store.signals.ingest(more, at(DAY, 6))
    return () => store.close()
  })

  it('finds a topic by key, null for an unknown one', async () => {
    expect(await store.topics.byKey('crm')).toEqual({ id: seed.crmId, key: 'crm', label: 'CRM' })
    expect(await store.topics.byKey('nothing')).toBeNull()
  })

  it('gives labels by id (unknown ids left out) and remembers them', async () => {
    const { crmId, securityId } = seed
    expect(await store.topics.labels([])).toEqual(new Map())
    const labels = await store.topics.labels([securityId, 999_999, crmId])
    expect(labels).toEqual(
      new Map([
        [crmId, 'CRM'],
        [securityId, 'Security'],
      ]),
    )
    expect(await store.topics.rememberedLabels()).toBe(2)
    expect(await store.topics.labels([crmId])).toEqual(new Map([[crmId, 'CRM']]))
    expect(await store.topics.rememberedLabels()).toBe(2)
  })

  it('pages active topics by accounts, then signals, then key', async () => {
    const window = [DAY - 2, DAY] as const
    const all = await store.topics.active(...window, null, 10)
    expect(all.map(({ key, accounts, signals }) => [key, accounts, signals])).toEqual([
      ['crm', 2, 6],
      ['alpha', 1, 2],
      ['security', 1, 2],
      ['zulu', 1, 2],
    ])
    expect(all[0]).toEqual({ id: seed.crmId, key: 'crm', label: 'CRM', accounts: 2, signals: 6 })
    const first = await store.topics.active(...window, null, 2)
    expect(first).toEqual(all.slice(0, 2))
    const last = first.at(-1)!
    const rest = await store.topics.active(...window, last, 2)
    expect(rest).toEqual(all.slice(2, 4))
    expect(await store.topics.active(...window, rest.at(-1)!, 2)).toEqual([])
    // Only whole days in the window count: DAY alone holds crm's acme row (carol and dave).
    expect(
      (await store.topics.active(DAY, DAY, null, 10)).map(({ key, accounts, signals }) => [
        key,
        accounts,
        signals,
      ]),
    ).toEqual([['crm', 1, 2]])
    expect(await store.topics.active(DAY + 1, DAY + 9, null, 10)).toEqual([])
  })

  // After a topic whose rows differ from its total (crm: rows of 3, 1 and 2 signals, 6 in all),
  // the next page must start after that total, not after one row's count (SQLite read a bare
  // "signals" in HAVING as the column once, and repeated crm).
  it('walks every active topic once, a page of one at a time', async () => {
    const seen: string[] = []
    let after: { accounts: number; signals: number; key: string } | null = null
    for (let page = 0; page < 10; page++) {
      const rows = await store.topics.active(DAY - 2, DAY, after, 1)
      if (rows.length === 0) break
      seen.push(rows[0]!.key)
      after = rows[0]!
    }
    expect(seen).toEqual(['crm', 'alpha', 'security', 'zulu'])
  })

  it('lists the accounts active on a topic with what their stored score says (none yet)', async () => {
    const rows = await store.topics.activeWithStoredSurges(seed.crmId, DAY - 2, DAY)
    // By first active day, then id: acme (DAY - 2), beta (DAY - 1).
    expect(rows).toEqual([
      { domain: 'acme.pl', stored: null, surge: null },
      { domain: 'beta.pl', stored: null, surge: null },
    ])
    expect(await store.topics.activeWithStoredSurges(seed.crmId, DAY - 1, DAY - 1)).toEqual([
      { domain: 'beta.pl', stored: null, surge: null },
    ])
    expect(await store.topics.activeWithStoredSurges(999_999, DAY - 2, DAY)).toEqual([])
  })
})

describeEachEngine('topic reads with stored scores', ({ open }) => {
  it('says whether each active account stored score may be served, and its surge', async () => {
    const store = await open()
    try {
      const { acme, beta, crmId, securityId } = await seedActivity(store)
      await store.models.save('m1', '{}', 1)
      await store.models.activate('m1')
      const surge = { topicId: crmId, surge: 2.5, label: 'CRM' }
      const body = JSON.stringify({
        intent: { topics: [surge, { topicId: securityId, surge: 1 }] },
      })
      const stored = (accountId: number) => ({
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
      // Saved after the data: acme's dirty mark is cleared; beta's save started before it, so stays.
      await store.scores.saveMany([{ score: stored(acme), notify: [] }], DAY, at(DAY, 7))
      await store.scores.saveMany([{ score: stored(beta), notify: [] }], DAY, 0)
      const rows = await store.topics.activeWithStoredSurges(crmId, DAY - 2, DAY)
      expect(rows).toEqual([
        {
          domain: 'acme.pl',
          stored: { computedAt: at(DAY, 7), modelId: 'm1', dirty: false, activeModelId: 'm1' },
          surge: JSON.stringify(surge),
        },
        {
          domain: 'beta.pl',
          stored: { computedAt: at(DAY, 7), modelId: 'm1', dirty: true, activeModelId: 'm1' },
          surge: JSON.stringify(surge),
        },
      ])
      await store.models.deactivateAll()
      const [first] = await store.topics.activeWithStoredSurges(securityId, DAY - 2, DAY)
      expect(first!.stored!.activeModelId).toBeNull()
      expect(first!.surge).toBe(JSON.stringify({ topicId: securityId, surge: 1 }))
    } finally {
      await store.close()
    }
  })
})
