import { describe, expect, it } from 'vitest'
import { fitLogistic, fitStandardizer, standardize } from '../../src/scoring/logistic.ts'
import { fitPenalizedLogistic, solveSymmetric } from '../../src/scoring/penalized-logistic.ts'
import { seededRandom } from '../helpers/random.ts'

function sample(n: number, seed: number) {
  const random = seededRandom(seed)
  const rows: number[][] = []
  const labels: (0 | 1)[] = []
  for (let i = 0; i < n; i++) {
    const x = [random() * 4 - 2, random() * 3, random() > 0.7 ? 1 : 0]
    rows.push(x)
    const z = 1.2 * x[0]! - 0.5 * x[1]! + 0.8 * x[2]! - 0.3
    labels.push(random() < 1 / (1 + Math.exp(-z)) ? 1 : 0)
  }
  return { rows, labels }
}

const dense = (rows: number[][]) =>
  rows.map((row) => ({
    index: Int32Array.from(row.map((_, j) => j + 1)),
    value: Float64Array.from(row),
  }))

describe('the sparse penalized logistic regression', () => {
  it('agrees with the ridge IRLS of ml-regression on the same standardized problem', () => {
    const { rows, labels } = sample(2000, 7)
    const reference = fitLogistic(rows, labels, { l2: 2, classWeight: 'none' })
    const standardizer = fitStandardizer(rows)
    const ridge = Float64Array.of(0, 2, 2, 2)
    const fit = fitPenalizedLogistic(
      dense(rows.map((row) => standardize(row, standardizer))),
      labels,
      new Float64Array(rows.length).fill(1),
      4,
      { ridge, ties: [] },
    )
    expect(fit.converged).toBe(true)
    const raw = [...fit.beta].slice(1).map((b, j) => b / standardizer.std[j]!)
    let intercept = fit.beta[0]!
    raw.forEach((c, j) => {
      intercept -= c * standardizer.mean[j]!
    })
    expect(intercept).toBeCloseTo(reference.intercept, 9)
    for (const [j, c] of raw.entries()) expect(c).toBeCloseTo(reference.coefficients[j]!, 9)
  })

  it('counts a weighted row as that many copies of it', () => {
    const { rows, labels } = sample(300, 11)
    const doubled = fitPenalizedLogistic(
      dense([...rows, ...rows]),
      [...labels, ...labels],
      new Float64Array(600).fill(1),
      4,
      { ridge: Float64Array.of(0, 1, 1, 1), ties: [] },
    )
    const weighted = fitPenalizedLogistic(dense(rows), labels, new Float64Array(300).fill(2), 4, {
      ridge: Float64Array.of(0, 1, 1, 1),
      ties: [],
    })
    for (const [j, b] of doubled.beta.entries()) expect(weighted.beta[j]).toBeCloseTo(b, 9)
  })

  it('pulls tied columns together as the tie strengthens', () => {
    const { rows, labels } = sample(500, 3)
    const gap = (strength: number) => {
      const fit = fitPenalizedLogistic(dense(rows), labels, new Float64Array(500).fill(1), 4, {
        ridge: Float64Array.of(0, 0.01, 0.01, 0.01),
        ties: strength > 0 ? [[1, 3, strength]] : [],
      })
      return Math.abs(fit.beta[1]! - fit.beta[3]!)
    }
    expect(gap(100)).toBeLessThan(gap(1))
    expect(gap(1)).toBeLessThan(gap(0))
  })

  it('stays finite on separable data, where the penalty alone bounds the weights', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i < 20 ? -1 : 1])
    const labels = rows.map((row) => (row[0]! > 0 ? 1 : 0) as 0 | 1)
    const fit = fitPenalizedLogistic(dense(rows), labels, new Float64Array(40).fill(1), 2, {
      ridge: Float64Array.of(0, 1),
      ties: [],
    })
    expect(Number.isFinite(fit.beta[1])).toBe(true)
    expect(fit.beta[1]).toBeGreaterThan(1)
  })

  it('solves a symmetric positive-definite system', () => {
    const matrix = Float64Array.of(4, 2, 0.6, 2, 5, 1, 0.6, 1, 3)
    const x = solveSymmetric(matrix, Float64Array.of(1, 2, 3), 3)
    const back = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + matrix[i * 3 + j]! * x[j]!, 0))
    for (const [i, value] of back.entries()) expect(value).toBeCloseTo([1, 2, 3][i]!, 12)
  })
})
