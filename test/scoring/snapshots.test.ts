import { DAY_MS } from '../../src/vocabulary.ts'
import { describe, expect, it } from 'vitest'
import {
  gridSnapshots,
  inDeal,
  labelAt,
  outcomeSnapshots,
  quietAges,
  quietSnapshots,
  sampleToBudget,
} from '../../src/scoring/snapshots.ts'

const day = (n: number) => n * DAY_MS
const AS_OF = day(400)
const options = { asOf: AS_OF, horizonDays: 90, leadDays: 7, everyDays: 14, behaviourDays: 90 }
/** Signal days 100…130: the account is first seen at the end of day 100. */
const active = Array.from({ length: 31 }, (_, i) => 100 + i)
const seen = day(101)

describe('design snapshots before outcomes', () => {
  it('takes a won deal as a positive and a lost one as an explicit negative, the lead time before', () => {
    const won = outcomeSnapshots('a.com', [{ type: 'won', occurredAt: day(200) }], seen, options)
    expect(won).toEqual([{ domain: 'a.com', at: day(193), label: 1, anchor: 'outcome', weight: 1 }])
    const lost = outcomeSnapshots('b.com', [{ type: 'lost', occurredAt: day(200) }], seen, options)
    expect(lost).toEqual([
      { domain: 'b.com', at: day(193), label: 0, anchor: 'outcome', weight: 1 },
    ])
  })

  it('needs no long history: an outcome three days after the first signal is taken at the end of that day', () => {
    const [snapshot] = outcomeSnapshots(
      'a.com',
      [{ type: 'won', occurredAt: day(104) }],
      seen,
      options,
    )
    expect(snapshot!.at).toBe(seen)
    expect(snapshot!.label).toBe(1)
  })

  it('labels a loss positive when an opportunity comes first within the horizon, and skips open deals', () => {
    const outcomes = [
      { type: 'opportunity' as const, occurredAt: day(150) },
      { type: 'lost' as const, occurredAt: day(180) },
    ]
    const snapshots = outcomeSnapshots('a.com', outcomes, seen, options)
    // Before the opportunity: positive. Before the loss the opportunity is open: left out.
    expect(snapshots).toEqual([
      { domain: 'a.com', at: day(143), label: 1, anchor: 'outcome', weight: 1 },
    ])
    expect(inDeal(outcomes, day(173), day(90))).toBe(true)
    expect(inDeal(outcomes, day(185), day(90))).toBe(false)
  })

  it('never labels from what happens after the horizon, and leaves an open horizon unlabelled', () => {
    const outcomes = [{ type: 'won' as const, occurredAt: day(300) }]
    expect(labelAt(outcomes, day(100), day(90), AS_OF)).toBe(0)
    expect(labelAt(outcomes, day(250), day(90), AS_OF)).toBe(1)
    expect(labelAt([], day(350), day(90), AS_OF)).toBeNull()
  })
})

describe('quiet accounts', () => {
  const ages = [0, day(3), day(7), day(20), day(40), day(60)]

  it('are looked at the ages positives were, weighing one account in all', () => {
    const snapshots = quietSnapshots('q.com', active, ages, options)
    expect(snapshots.length).toBeGreaterThan(3)
    for (const snapshot of snapshots) {
      expect(snapshot.label).toBe(0)
      expect(snapshot.at - seen).toBeGreaterThanOrEqual(0)
      expect(snapshot.at - seen).toBeLessThanOrEqual(day(60))
    }
    expect(snapshots.reduce((sum, s) => sum + s.weight, 0)).toBeCloseTo(1, 12)
  })

  it('draw their ages in each tenth of the positives’, differently for each account', () => {
    const many = Array.from({ length: 100 }, (_, i) => day(i))
    const a = quietAges('a.com', many)
    const b = quietAges('b.com', many)
    expect(a).toHaveLength(10)
    a.forEach((age, i) => {
      expect(age).toBeGreaterThanOrEqual(day(10 * i))
      expect(age).toBeLessThan(day(10 * (i + 1)))
    })
    expect(a).not.toEqual(b)
  })

  it('are not negatives before their horizon has passed', () => {
    const recent = quietSnapshots('q.com', [380], ages, options)
    expect(recent).toEqual([])
  })
})

describe('the grid', () => {
  it('looks at an active account every two weeks, each account weighing one in all', () => {
    const snapshots = gridSnapshots('a.com', [], active, options)
    expect(snapshots[0]!.at).toBe(seen)
    expect(snapshots.map((s) => (s.at - seen) / DAY_MS)).toEqual([
      0, 14, 28, 42, 56, 70, 84, 98, 112,
    ])
    expect(snapshots.reduce((sum, s) => sum + s.weight, 0)).toBeCloseTo(1, 12)
  })

  it('stops when the account went quiet, and after a lost deal until it comes back', () => {
    const lost = [{ type: 'lost' as const, occurredAt: day(115) }]
    const snapshots = gridSnapshots('a.com', lost, active, options)
    const after = snapshots.filter((s) => s.at > day(115))
    // Signals continue until day 130, so the account is still active after the loss.
    expect(after.length).toBeGreaterThan(0)
    const gone = gridSnapshots(
      'b.com',
      [{ type: 'lost' as const, occurredAt: day(131) }],
      active,
      options,
    )
    expect(gone.every((s) => s.at <= day(131))).toBe(true)
  })
})

describe('sampling to a budget', () => {
  it('keeps about the budget and weighs the kept snapshots back to the same total', () => {
    const snapshots = Array.from({ length: 4000 }, (_, i) => ({
      domain: `a${i % 400}.com`,
      at: day(i),
      label: 0 as const,
      weight: 0.5,
      anchor: 'quiet' as const,
    }))
    const kept = sampleToBudget(snapshots, 1000)
    expect(kept.length).toBeGreaterThan(850)
    expect(kept.length).toBeLessThan(1150)
    // 4,000 × 0.5 before sampling; each kept one stands for four.
    expect(kept.every((s) => s.weight === 2)).toBe(true)
    const total = kept.reduce((sum, s) => sum + s.weight, 0)
    expect(Math.abs(total - 2000)).toBeLessThan(300)
  })
})
