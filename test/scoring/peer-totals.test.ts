import { describe, expect, it } from 'vitest'
import { cellActivity } from '../../src/scoring/activity.ts'
import { defaultScoringConfig as config } from '../../src/scoring/config.ts'
import {
  accountSegments,
  peerRatesFrom,
  peerTotals,
  type RollupRow,
} from '../../src/scoring/peer-totals.ts'

const accounts = [
  { id: 1, industry: 'Manufacturing', employees: 120 },
  { id: 2, industry: 'manufacturing', employees: 150 },
  { id: 3, industry: 'Retail', employees: 5 },
]
const length = config.baselineDays
// Two windows one week apart: day 100 is in both, day 100 + length in the second only.
const firstDays = [100, 107]
const rows: RollupRow[] = [
  [1, 100, 'search', 2, 1, 0, 0],
  [2, 107, 'search', 1, 1, 0, 0],
  [1, 101, 'content', 3, 2, 0, 0],
  [3, 100 + length, 'search', 4, 1, 0, 0],
]

function totalsOf(feed: (add: (rows: RollupRow[]) => void) => void) {
  const totals = peerTotals(firstDays, accountSegments(accounts), config)
  const topic = totals.topic(7)
  feed(topic.add)
  topic.finish()
  return totals.totals
}

describe('peerTotals (pure)', () => {
  it('sums each window per segment and counts each active account once per window', () => {
    const totals = totalsOf((add) => add(rows))
    const activity = (signals: number, people: number, type: RollupRow[2]) =>
      cellActivity({ topicId: 7, day: 0, type, signals, people, weightSum: 0, weighted: 0 }, config)
    const first = totals.get(100)!
    expect(first.bySegment['manufacturing|51-200|7']).toEqual([
      activity(3, 2, 'search') + activity(3, 2, 'content'),
      2,
    ])
    expect(first.bySegment['retail|1-10|7']).toBeUndefined()
    const second = totals.get(107)!
    expect(second.bySegment['manufacturing|51-200|7']).toEqual([activity(1, 1, 'search'), 1])
    expect(second.bySegment['retail|1-10|7']).toEqual([activity(4, 1, 'search'), 1])
    expect(second.overall['7']).toEqual([activity(1, 1, 'search') + activity(4, 1, 'search'), 2])
  })

  it('gives the same totals however the rows are split into pieces', () => {
    const whole = totalsOf((add) => add(rows))
    const pieces = totalsOf((add) => {
      for (const row of [...rows].sort((a, b) => a[1] - b[1])) add([row])
    })
    expect(pieces).toEqual(whole)
  })

  it('rates fall back to all accounts where a segment has too few', () => {
    const totals = totalsOf((add) => add(rows)).get(107)!
    const rates = peerRatesFrom(totals, { ...config, minPeerAccounts: 2 })
    const overall = totals.overall['7']!
    expect(rates.rate('Retail', 5, 7)).toBeCloseTo(
      Math.max(config.minPeerRatePerDay, overall[0] / (overall[1] * length)),
    )
    expect(rates.rate('Retail', 5, 8)).toBe(config.minPeerRatePerDay)
  })
})
