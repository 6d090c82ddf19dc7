import { DAY_MS, SIGNAL_TYPES } from '../../src/vocabulary.ts'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { windowsAt } from '../../src/scoring/activity.ts'
import { defaultScoringConfig } from '../../src/scoring/config.ts'
import { surgeOf } from '../../src/scoring/surge.ts'
import { AS_OF, type SimpleSignal, scoreTopics, steadyDaily, toInput } from '../helpers/surge.ts'

/**
 * Surge invariants, each over generated activity and scored end to end: ingest into an
 * in-memory store (rollups and all), then score as of AS_OF. 40 cases per property.
 */
const RUNS = { numRuns: 40 }
const TYPES = SIGNAL_TYPES
const TOPICS = ['Data Warehouse', 'CRM Software', 'ERP']

const signalIn = (minDaysAgo: number, maxDaysAgo: number) =>
  fc.record({
    daysAgo: fc.double({ min: minDaysAgo, max: maxDaysAgo, noNaN: true }),
    type: fc.constantFrom(...TYPES),
    contact: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
    topic: fc.constantFrom(...TOPICS),
    weight: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined, freq: 5 }),
  }) as fc.Arbitrary<SimpleSignal>

const recent = signalIn(0.001, 20.99)
const baseline = signalIn(21.01, 104.99)
const anytime = signalIn(0.001, 200)

const surgeOn = (intent: Awaited<ReturnType<typeof scoreTopics>>, topic: string) =>
  intent.topics.find((candidate) => candidate.topic === topic)?.surge

/** A steady account with history from before its baseline window (so "its own baseline" exists). */
const established = steadyDaily(1, 110).map((signal) => ({ ...signal, topic: 'Data Warehouse' }))

describe('surge score', () => {
  test.prop([fc.array(anytime, { maxLength: 120 })], RUNS)(
    'stays within [0, 100]',
    async (signals) => {
      const intent = await scoreTopics([signals.map((s) => toInput(s))])
      for (const topic of intent.topics) {
        expect(topic.surge).toBeGreaterThanOrEqual(0)
        expect(topic.surge).toBeLessThanOrEqual(100)
        expect(topic.confidence).toBeGreaterThanOrEqual(0)
        expect(topic.confidence).toBeLessThanOrEqual(1)
      }
    },
  )

  test.prop([fc.integer({ min: 1, max: 12 }), fc.boolean()], RUNS)(
    'scores steady activity at 50 (± 2), daily or weekdays only',
    async (perDay, weekdaysOnly) => {
      const signals = steadyDaily(perDay, 105).filter((signal) => {
        const weekday = new Date(AS_OF - signal.daysAgo * DAY_MS).getUTCDay()
        return !weekdaysOnly || (weekday !== 0 && weekday !== 6)
      })
      const intent = await scoreTopics([signals.map((s) => toInput(s))])
      expect(Math.abs(surgeOn(intent, 'Data Warehouse')! - 50)).toBeLessThanOrEqual(2)
    },
  )

  test.prop(
    [fc.array(recent, { maxLength: 60 }), fc.array(recent, { minLength: 1, maxLength: 20 })],
    RUNS,
  )('never falls when recent signals on the topic are added', async (before, added) => {
    const base = [...established, ...before]
    const extra = added.map((signal) => ({ ...signal, topic: 'Data Warehouse' }))
    const a = surgeOn(await scoreTopics([base.map((s) => toInput(s))]), 'Data Warehouse')!
    const b = surgeOn(
      await scoreTopics([[...base, ...extra].map((s) => toInput(s))]),
      'Data Warehouse',
    )!
    expect(b).toBeGreaterThanOrEqual(a)
  })

  test.prop(
    [fc.array(recent, { maxLength: 60 }), fc.array(baseline, { minLength: 1, maxLength: 20 })],
    RUNS,
  )('never rises when baseline signals on the topic are added', async (before, added) => {
    const base = [...established, ...before]
    const extra = added.map((signal) => ({ ...signal, topic: 'Data Warehouse' }))
    const a = surgeOn(await scoreTopics([base.map((s) => toInput(s))]), 'Data Warehouse')!
    const b = surgeOn(
      await scoreTopics([[...base, ...extra].map((s) => toInput(s))]),
      'Data Warehouse',
    )!
    expect(b).toBeLessThanOrEqual(a)
  })

  test.prop(
    [fc.array(anytime, { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 6 }), fc.nat()],
    RUNS,
  )('does not depend on the order or batching of ingestion', async (signals, batches, seed) => {
    const inputs = signals.map((s) => toInput(s))
    const shuffled = fc.sample(fc.shuffledSubarray(inputs, { minLength: inputs.length }), {
      seed,
      numRuns: 1,
    })[0]!
    const split: (typeof inputs)[] = Array.from({ length: batches }, () => [])
    shuffled.forEach((input, index) => {
      split[index % batches]!.push(input)
    })
    const inOrder = await scoreTopics([inputs])
    const reordered = await scoreTopics(split)
    // Topic ids depend on which topic was seen first; everything a user sees must not.
    const visible = (intent: typeof inOrder) => intent.topics.map(({ topicId: _, ...rest }) => rest)
    expect(visible(reordered)).toEqual(visible(inOrder))
    expect(reordered.intent).toEqual(inOrder.intent)
  })

  test.prop(
    [
      fc.array(anytime, { maxLength: 80 }),
      fc.array(signalIn(-30, -0.0001), { minLength: 1, maxLength: 30 }),
      fc.double({ min: 0, max: 0.99, noNaN: true }),
    ],
    RUNS,
  )(
    "ignores signals that occurred after asOf, also within asOf's own day",
    async (before, after, dayFraction) => {
      const asOf = Math.round(AS_OF - dayFraction * DAY_MS)
      const past = before.filter((signal) => AS_OF - signal.daysAgo * DAY_MS <= asOf)
      const future = [
        ...after,
        ...before.filter((signal) => AS_OF - signal.daysAgo * DAY_MS > asOf),
      ]
      const without = await scoreTopics([past.map((s) => toInput(s))], asOf)
      const withFuture = await scoreTopics([[...past, ...future].map((s) => toInput(s))], asOf)
      expect(withFuture.topics).toEqual(without.topics)
      expect(withFuture.intent).toEqual(without.intent)
    },
  )

  test.prop([fc.array(recent, { minLength: 1, maxLength: 3 })], RUNS)(
    'keeps an account with no history and a few events below 60',
    async (signals) => {
      const intent = await scoreTopics([signals.map((s) => toInput(s))])
      for (const topic of intent.topics) expect(topic.surge).toBeLessThan(60)
    },
  )

  test.prop(
    [
      fc.array(anytime, { minLength: 1, maxLength: 60 }),
      fc.double({ min: 0.01, max: 60, noNaN: true }),
    ],
    RUNS,
  )(
    'engagement decays: with no new signals it never rises as time passes',
    async (signals, laterDays) => {
      const inputs = signals.map((s) => toInput(s))
      const now = await scoreTopics([inputs])
      const later = await scoreTopics([inputs], Math.round(AS_OF + laterDays * DAY_MS))
      expect(now.intent.engagement).toBeGreaterThanOrEqual(0)
      expect(later.intent.engagement).toBeLessThanOrEqual(now.intent.engagement)
    },
  )

  test.prop(
    [
      fc.double({ min: 0, max: 500, noNaN: true }),
      fc.double({ min: 1, max: 100_000, noNaN: true }),
      fc.double({ min: 2, max: 50, noNaN: true }),
      fc.integer({ min: 0, max: 84 }),
      fc.double({ min: 0.01, max: 20, noNaN: true }),
      fc.integer({ min: 1, max: 40 }),
    ],
    { numRuns: 300 },
  )(
    'a larger spike over the same baseline never scores lower, and scores strictly higher while below 100',
    (baseline, spike, factor, historyDays, peerRate, topicsTested) => {
      const windows = windowsAt(AS_OF, defaultScoringConfig)
      const context = {
        windows,
        historyDays,
        peerRate: () => peerRate,
        topicsTested,
        config: defaultScoringConfig,
      }
      const score = (recent: number) =>
        surgeOf({ topicId: 1, recent, recentEngagements: recent, baseline, contacts: 1 }, context)
      const smaller = score(spike)
      const larger = score(spike * factor)
      expect(larger.surge).toBeGreaterThanOrEqual(smaller.surge)
      // A spike (above what the baseline predicts, with enough engagements to count): strictly
      // higher while the smaller one is below 99.5 (at one decimal, the top band rounds together).
      const isSpike = spike > smaller.expected && spike >= defaultScoringConfig.minRecentEngagements
      if (isSpike && smaller.surge < 99.5) expect(larger.surge).toBeGreaterThan(smaller.surge)
    },
  )
})
