import { describe, expect, it } from 'vitest'
import { windowsAt } from '../../src/scoring/activity.ts'
import { defaultScoringConfig as config } from '../../src/scoring/config.ts'
import {
  categorySurges,
  criticalZ,
  riseScore,
  type SurgeContext,
  surgeOf,
} from '../../src/scoring/surge.ts'
import { type SimpleSignal, scoreTopics, toInput } from '../helpers/surge.ts'

const windows = windowsAt(Date.UTC(2026, 10, 1), config)
const context = (overrides: Partial<SurgeContext> = {}): SurgeContext => ({
  windows,
  historyDays: 84,
  peerRate: () => 0.5,
  topicsTested: 1,
  config,
  ...overrides,
})
const topic = (recent: number, baseline: number, engagements = recent) => ({
  topicId: 1,
  recent,
  recentEngagements: engagements,
  baseline,
  contacts: 3,
})

describe('surgeOf', () => {
  it('windows: 21 recent days ending with the day before a midnight asOf, 84 baseline days before them', () => {
    expect(windows.recentExposure).toBe(21)
    expect(windows.lastDay - windows.recentFirstDay + 1).toBe(21)
    expect(windows.baselineLastDay - windows.baselineFirstDay + 1).toBe(84)
  })

  it('scores activity at its baseline rate 50, and explains the expectation', () => {
    const result = surgeOf(topic(42, 168), context({ peerRate: () => 2 }))
    expect(result).toMatchObject({
      surge: 50,
      recent: 42,
      expected: 42,
      baseline: 14,
      contacts: 3,
      confidence: 0,
    })
  })

  it('puts a significant rise above 60 and a fall below 50', () => {
    expect(surgeOf(topic(80, 168), context({ peerRate: () => 2 })).surge).toBeGreaterThan(60)
    expect(surgeOf(topic(15, 168), context({ peerRate: () => 2 })).surge).toBeLessThan(50)
  })

  it('needs a larger rise when more topics are tested (Šidák)', () => {
    expect(criticalZ(0.05, 1)).toBeCloseTo(1.645, 3)
    expect(criticalZ(0.05, 10)).toBeCloseTo(2.569, 2)
    const one = surgeOf(topic(72, 168), context({ peerRate: () => 2, topicsTested: 1 }))
    const ten = surgeOf(topic(72, 168), context({ peerRate: () => 2, topicsTested: 10 }))
    expect(one.surge).toBeGreaterThan(60)
    expect(ten.surge).toBeLessThan(one.surge)
  })

  it('shrinks thin history toward peers: no history means expected = the peer rate', () => {
    const fresh = surgeOf(topic(12, 0), context({ historyDays: 0, peerRate: () => 0.5 }))
    expect(fresh.expected).toBeCloseTo(0.5 * 21, 5)
    const established = surgeOf(topic(12, 0), context({ historyDays: 84, peerRate: () => 0.5 }))
    expect(established.expected).toBeLessThan(fresh.expected)
  })

  it('never calls fewer engagements than the minimum a surge, whatever their weight', () => {
    const heavy = surgeOf(topic(40, 0, 3), context({ peerRate: () => 0.02 }))
    expect(heavy.surge).toBeLessThanOrEqual(config.surgeThreshold)
    const enough = surgeOf(topic(40, 0, 4), context({ peerRate: () => 0.02 }))
    expect(enough.surge).toBeGreaterThan(config.surgeThreshold)
  })
})

describe('surge ranks strong rises by size and certainty', () => {
  /** Two signals a week for twelve weeks, then the recent three weeks at `times` that rate. */
  const scenario = (times: number) => {
    const signals: SimpleSignal[] = []
    for (let week = 3; week < 15; week++)
      for (const day of [1.5, 4.5])
        signals.push({ daysAgo: week * 7 + day, contact: signals.length % 5 })
    const recent = Math.round(6 * times)
    for (let i = 0; i < recent; i++)
      signals.push({ daysAgo: 0.5 + (20 * i) / recent, contact: i % 7 })
    return signals.map((signal) => toInput(signal))
  }

  it('scores 1×, 3×, 8× and 25× the baseline about 50, then above 60 and strictly higher, the largest 90 or more', async () => {
    const scores: number[] = []
    for (const times of [1, 3, 8, 25])
      scores.push((await scoreTopics([scenario(times)])).topics[0]!.surge)
    expect(Math.abs(scores[0]! - 50)).toBeLessThanOrEqual(2)
    expect(scores[1]).toBeGreaterThan(60)
    expect(scores[2]).toBeGreaterThan(scores[1]!)
    expect(scores[3]).toBeGreaterThan(scores[2]!)
    expect(scores[3]).toBeGreaterThanOrEqual(90)
  }, 60_000)

  it('gives an exact, finite z for any count the API accepts: no underflow flattens the top', () => {
    let previous = 0
    for (const recent of [30, 300, 3_000, 30_000, 300_000, 3_000_000, 30_000_000]) {
      const result = surgeOf(topic(recent, 24), context({ peerRate: () => 2 / 7 }))
      expect(Number.isFinite(result.surge)).toBe(true)
      // Strictly higher while below 100 (at one decimal, the top rounds to 100).
      if (previous < 99.9) expect(result.surge).toBeGreaterThan(previous)
      else expect(result.surge).toBe(100)
      expect(result.surge).toBeLessThanOrEqual(100)
      previous = result.surge
    }
  })

  it('puts a rise over a thin, uncertain history below the same rise over a long, steady one', () => {
    const steady = surgeOf(topic(40, 96), context({ historyDays: 84, peerRate: () => 8 / 7 }))
    const thin = surgeOf(topic(40, 8), context({ historyDays: 7, peerRate: () => 8 / 7 }))
    expect(steady.expected).toBeCloseTo(thin.expected, 0)
    expect(thin.surge).toBeLessThan(steady.surge)
  })

  it('is continuous at the threshold: a rise just past significance scores just above 60', () => {
    const zCritical = criticalZ(config.alpha, 1)
    expect(riseScore(5, zCritical, zCritical)).toBe(0)
    expect(riseScore(5, zCritical + 0.01, zCritical)).toBeLessThan(0.01)
    expect(riseScore(1, zCritical + 5, zCritical)).toBe(0)
    expect(riseScore(6, zCritical + 5, zCritical)).toBeCloseTo(1 - Math.exp(-1), 12)
  })
})

describe('category-level intent', () => {
  it('pools a category’s topics: small rises on several topics make the category surge', () => {
    // Five security topics, each at 1.8× a steady baseline: none surges alone.
    const totals = [1, 2, 3, 4, 5].map((topicId) => ({
      topicId,
      recent: 11,
      recentEngagements: 11,
      baseline: 24,
      contacts: 2,
    }))
    const perTopic = totals.map((total) =>
      surgeOf(total, context({ peerRate: () => 2 / 7, topicsTested: 6 })),
    )
    for (const result of perTopic) expect(result.surge).toBeLessThan(60)
    const categoryOf = (id: number) => (id <= 5 ? 'Security' : null)
    const [security] = categorySurges(
      [...totals, { topicId: 9, recent: 1, recentEngagements: 1, baseline: 20, contacts: 1 }],
      categoryOf,
      context({ peerRate: () => 2 / 7, topicsTested: 6 }),
    )
    expect(security).toMatchObject({ category: 'Security', recent: 55, topicIds: [1, 2, 3, 4, 5] })
    expect(security!.surge).toBeGreaterThan(60)
  })

  it('leaves topics without a category out, and answers nothing when none has one', () => {
    expect(categorySurges([topic(10, 10)], () => null, context())).toEqual([])
  })
})
