import { beforeAll, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { DAY_MS } from '../../../src/vocabulary.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { at, DAY, seedActivity } from './activity-seed.ts'

describeEachEngine('activity reads', ({ open }) => {
  let store: Store
  let seed: Awaited<ReturnType<typeof seedActivity>>
  beforeAll(async () => {
    store = await open()
    seed = await seedActivity(store)
    return () => store.close()
  })

  it('names an account id by domain, null for an unknown one', async () => {
    expect(seed.acme).toBeTypeOf('number')
    expect(await store.activity.accountIdOf('nobody.pl')).toBeNull()
  })

  it('tells which accounts have a signal by asOf', async () => {
    const { acme, beta } = seed
    expect(await store.activity.withSignals([acme, beta, 999_999, acme], at(DAY - 1, 12))).toEqual(
      new Set([acme, beta]),
    )
    expect(await store.activity.withSignals([acme, beta], at(DAY - 1, 3))).toEqual(new Set([acme]))
    expect(await store.activity.withSignals([], at(DAY, 0))).toEqual(new Set())
  })

  it('reads whole days from the rollups and the last day from signals up to asOf', async () => {
    const { acme, crmId, securityId, asOf } = seed
    const cells = await store.activity.cells(acme, DAY - 2, DAY, asOf)
    // All of them, in SQLite's order (by day, topic, type), which PostgreSQL's must equal.
    expect(cells).toEqual([
      {
        topicId: crmId,
        day: DAY - 2,
        type: 'content',
        signals: 3,
        people: 2,
        weightSum: 2.5,
        weighted: 2,
      },
      {
        topicId: 0,
        day: DAY - 1,
        type: 'web_visit',
        signals: 1,
        people: 1,
        weightSum: 0,
        weighted: 0,
      },
      {
        topicId: securityId,
        day: DAY - 1,
        type: 'search',
        signals: 2,
        people: 2,
        weightSum: 1,
        weighted: 1,
      },
      { topicId: 0, day: DAY, type: 'email', signals: 1, people: 1, weightSum: 0, weighted: 0 },
      {
        topicId: crmId,
        day: DAY,
        type: 'content',
        signals: 1,
        people: 1,
        weightSum: 1.5,
        weighted: 1,
      },
    ])
    expect(cells).toContainEqual({
      topicId: crmId,
      day: DAY - 2,
      type: 'content',
      signals: 3,
      people: 2,
      weightSum: 2.5,
      weighted: 2,
    })
    expect(cells).toContainEqual({
      topicId: securityId,
      day: DAY - 1,
      type: 'search',
      signals: 2,
      people: 2,
      weightSum: 1,
      weighted: 1,
    })
    expect(cells).toContainEqual({
      topicId: 0,
      day: DAY - 1,
      type: 'web_visit',
      signals: 1,
      people: 1,
      weightSum: 0,
      weighted: 0,
    })
    // The last day: carol's signal and the anonymous email; dave's came after asOf.
    expect(cells.filter((cell) => cell.day === DAY)).toEqual([
      { topicId: 0, day: DAY, type: 'email', signals: 1, people: 1, weightSum: 0, weighted: 0 },
      {
        topicId: crmId,
        day: DAY,
        type: 'content',
        signals: 1,
        people: 1,
        weightSum: 1.5,
        weighted: 1,
      },
    ])
    expect(await store.activity.cells(acme, DAY - 1, DAY - 1, at(DAY - 1, 1))).toEqual([
      {
        topicId: securityId,
        day: DAY - 1,
        type: 'search',
        signals: 2,
        people: 2,
        weightSum: 1,
        weighted: 1,
      },
    ])
    expect(await store.activity.cells(999_999, DAY - 2, DAY, asOf)).toEqual([])
  })

  it('counts distinct contacts per topic, rollup days and the last day together', async () => {
    const { acme, crmId, asOf } = seed
    const byTopic = await store.activity.contactsByTopic(acme, DAY - 2, DAY, asOf)
    expect(byTopic).toEqual(new Map([[crmId, 3]])) // alice, bob, carol; security was anonymous
    expect(await store.activity.contactsByTopic(acme, DAY - 2, DAY, at(DAY, 0))).toEqual(
      new Map([[crmId, 2]]),
    )
  })

  it('lists the engaged contacts once each', async () => {
    const { acme, asOf } = seed
    const engaged = await store.activity.engagedContacts(acme, DAY - 2, DAY, asOf)
    // In contact id order: alice, bob (created first), carol (by ingest).
    expect(engaged).toEqual([
      { title: 'CTO', functionOverride: null, seniorityOverride: null },
      { title: 'Buyer', functionOverride: null, seniorityOverride: 'manager' },
      { title: null, functionOverride: null, seniorityOverride: null },
    ])
    expect(await store.activity.engagedContacts(acme, DAY - 1, DAY - 1, at(DAY - 1, 1))).toEqual([])
  })

  it('knows the earliest day, an account first day and its last signal', async () => {
    const { acme, beta, asOf } = seed
    expect(await store.activity.earliestSignalAt()).toBe((DAY - 2) * DAY_MS)
    expect(await store.activity.firstSeenDay(acme, DAY, asOf)).toBe(DAY - 2)
    expect(await store.activity.firstSeenDay(beta, DAY - 1, at(DAY - 1, 7))).toBe(DAY - 1) // from signals
    expect(await store.activity.firstSeenDay(beta, DAY - 1, at(DAY - 1, 5))).toBeNull()
    expect(await store.activity.lastSignalAt(acme, asOf)).toBe(at(DAY, 3))
    expect(await store.activity.lastSignalAt(acme, at(DAY - 3))).toBeNull()
    expect(await store.activity.signalDays(acme, asOf)).toEqual([DAY - 2, DAY - 1, DAY])
    expect(await store.activity.signalDays(acme, at(DAY - 1, 0))).toEqual([DAY - 2, DAY - 1])
    expect(await store.activity.signalDays(999_999, asOf)).toEqual([])
  })

  it('groups signal facets and finds the first touch', async () => {
    const { acme, asOf } = seed
    const facets = await store.activity.signalFacets(acme, at(DAY - 3), asOf)
    // Grouped by (type, action, source, url), nulls first, as SQLite orders its groups.
    expect(facets).toEqual([
      { type: 'content', action: null, source: null, url: null, signals: 1, durationSeconds: 0 },
      { type: 'content', action: null, source: 'bing', url: null, signals: 1, durationSeconds: 0 },
      {
        type: 'content',
        action: null,
        source: 'google',
        url: 'https://acme.pl/a',
        signals: 1,
        durationSeconds: 30,
      },
      {
        type: 'content',
        action: 'download',
        source: null,
        url: null,
        signals: 1,
        durationSeconds: 0,
      },
      {
        type: 'email',
        action: null,
        source: 'newsletter',
        url: null,
        signals: 1,
        durationSeconds: 0,
      },
      { type: 'search', action: null, source: null, url: null, signals: 2, durationSeconds: 0 },
      {
        type: 'web_visit',
        action: null,
        source: null,
        url: 'https://acme.pl/b',
        signals: 1,
        durationSeconds: 12,
      },
    ])
    expect(await store.activity.signalFacets(acme, at(DAY, 1), asOf)).toEqual([
      {
        type: 'email',
        action: null,
        source: 'newsletter',
        url: null,
        signals: 1,
        durationSeconds: 0,
      },
    ])
    expect(await store.activity.firstTouch(acme, asOf)).toEqual({
      at: at(DAY - 2, 1),
      source: 'google',
      url: 'https://acme.pl/a',
    })
    expect(await store.activity.firstTouch(acme, at(DAY - 3))).toEqual({
      at: null,
      source: null,
      url: null,
    })
  })
})

describeEachEngine('activity reads, empty store', ({ open }) => {
  it('answers null and empty', async () => {
    const store = await open()
    try {
      expect(await store.activity.earliestSignalAt()).toBeNull()
      expect(await store.activity.firstSeenDay(1, DAY, at(DAY, 1))).toBeNull()
      expect(await store.activity.firstTouch(1, at(DAY))).toEqual({
        at: null,
        source: null,
        url: null,
      })
      expect(await store.activity.signalFacets(1, 0, at(DAY))).toEqual([])
    } finally {
      await store.close()
    }
  })
})
