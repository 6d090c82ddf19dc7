import { describe, expect, it } from 'vitest'
import { windowsAt } from '../../src/scoring/activity.ts'
import { defaultScoringConfig as config } from '../../src/scoring/config.ts'
import { criticalZ, type SurgeContext, surgeOf } from '../../src/scoring/surge.ts'

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
