import { describe, expect, it } from 'vitest'
import { brierScore, calibrationTable, logLoss, rocAuc } from '../../src/scoring/metrics.ts'
import { seededRandom } from '../helpers/random.ts'

/** The definition, pair by pair: O(n²), for checking the fast version. */
function pairwiseAuc(scores: number[], labels: (0 | 1)[]): number {
  let credit = 0
  let pairs = 0
  for (const [i, positive] of scores.entries()) {
    if (labels[i] !== 1) continue
    for (const [j, negative] of scores.entries()) {
      if (labels[j] !== 0) continue
      pairs++
      if (positive > negative) credit += 1
      else if (positive === negative) credit += 0.5
    }
  }
  return credit / pairs
}

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    const labels: (0 | 1)[] = [0, 0, 1, 0, 1, 1]
    const scores = [0.1, 0.2, 0.7, 0.3, 0.8, 0.9]
    expect(rocAuc(scores, labels)).toBe(1)
    expect(
      rocAuc(
        scores.map((s) => -s),
        labels,
      ),
    ).toBe(0)
  })

  it('is 0.5 when every score ties', () => {
    expect(rocAuc([3, 3, 3, 3, 3], [0, 1, 0, 1, 1])).toBe(0.5)
  })

  it('counts ties half in a small hand-computed case', () => {
    // Positives 0.8, 0.5, 0.3; negatives 0.5, 0.3, 0.1, 0.9.
    // 0.8 beats 0.5, 0.3, 0.1 → 3; 0.5 beats 0.3, 0.1 and ties 0.5 → 2.5;
    // 0.3 beats 0.1 and ties 0.3 → 1.5. Total 7 of 12 pairs.
    const scores = [0.8, 0.5, 0.3, 0.5, 0.3, 0.1, 0.9]
    const labels: (0 | 1)[] = [1, 1, 1, 0, 0, 0, 0]
    expect(rocAuc(scores, labels)).toBeCloseTo(7 / 12, 15)
  })

  it('matches the O(n²) definition on 500 random rows with ties', () => {
    const random = seededRandom(2024)
    const labels: (0 | 1)[] = []
    const scores: number[] = []
    for (let i = 0; i < 500; i++) {
      const label = random() < 0.3 ? 1 : 0
      labels.push(label)
      // Rounded to a coarse grid so many scores tie, across and within classes.
      scores.push(Math.round((random() + 0.4 * label) * 20) / 20)
    }
    expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12)
  })

  it('handles infinite scores and returns NaN when a class is missing', () => {
    expect(rocAuc([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY], [0, 1])).toBe(1)
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN()
    expect(rocAuc([], [])).toBeNaN()
  })

  it('rejects malformed input', () => {
    expect(() => rocAuc([0.1, 0.2], [0])).toThrow(/2 values but 1 labels/)
    expect(() => rocAuc([Number.NaN, 0.2], [0, 1])).toThrow(/NaN/)
    expect(() => rocAuc([0.1, 0.2], [0, 3 as 1])).toThrow(/expected 0 or 1/)
  })
})

describe('logLoss and brierScore', () => {
  const probabilities = [0.9, 0.2, 0.6, 0.5]
  const labels: (0 | 1)[] = [1, 0, 0, 1]

  it('logLoss is the mean negative log-likelihood', () => {
    const expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.5)) / 4
    expect(logLoss(probabilities, labels)).toBeCloseTo(expected, 14)
  })

  it('logLoss clips certain predictions instead of returning Infinity', () => {
    expect(logLoss([0, 1], [0, 1])).toBeCloseTo(0, 12)
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 1)
  })

  it('brierScore is the mean squared error', () => {
    const expected = (0.1 ** 2 + 0.2 ** 2 + 0.6 ** 2 + 0.5 ** 2) / 4
    expect(brierScore(probabilities, labels)).toBeCloseTo(expected, 15)
  })

  it('rejects probabilities outside [0, 1] and mismatched lengths', () => {
    expect(() => logLoss([1.2], [1])).toThrow(/outside \[0, 1\]/)
    expect(() => brierScore([Number.NaN], [1])).toThrow(/outside \[0, 1\]/)
    expect(() => brierScore([0.5, 0.5], [1])).toThrow(/2 values but 1 labels/)
  })
})

describe('calibrationTable', () => {
  it('bins by equal width, omits empty bins and reports each bin right', () => {
    const probabilities = [0.05, 0.15, 0.12, 0.55, 0.58, 0.51, 1]
    const labels: (0 | 1)[] = [0, 1, 0, 1, 0, 1, 1]
    const table = calibrationTable(probabilities, labels, 5)
    expect(table).toHaveLength(3)
    const [low, middle, top] = table
    expect(low!.from).toBe(0)
    expect(low!.to).toBe(0.2)
    expect(low!.count).toBe(3)
    expect(low!.meanPredicted).toBeCloseTo((0.05 + 0.15 + 0.12) / 3, 15)
    expect(low!.observedRate).toBeCloseTo(1 / 3, 15)
    expect(middle!.from).toBe(0.4)
    expect(middle!.to).toBe(0.6)
    expect(middle!.count).toBe(3)
    expect(middle!.meanPredicted).toBeCloseTo((0.55 + 0.58 + 0.51) / 3, 15)
    expect(middle!.observedRate).toBeCloseTo(2 / 3, 15)
    // A probability of exactly 1 lands in the last bin.
    expect(top).toEqual({ from: 0.8, to: 1, count: 1, meanPredicted: 1, observedRate: 1 })
  })

  it('counts add up to n with the default 10 bins', () => {
    const random = seededRandom(77)
    const probabilities = Array.from({ length: 1000 }, () => random())
    const labels = probabilities.map((p): 0 | 1 => (random() < p ? 1 : 0))
    const table = calibrationTable(probabilities, labels)
    expect(table.length).toBeLessThanOrEqual(10)
    expect(table.reduce((sum, bin) => sum + bin.count, 0)).toBe(1000)
    for (const bin of table) {
      expect(bin.meanPredicted).toBeGreaterThanOrEqual(bin.from)
      expect(bin.meanPredicted).toBeLessThan(bin.to)
    }
  })

  it('rejects a bad bin count', () => {
    expect(() => calibrationTable([0.5], [1], 0)).toThrow(/bins/)
    expect(() => calibrationTable([0.5], [1], 2.5)).toThrow(/bins/)
  })
})
