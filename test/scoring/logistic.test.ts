import { describe, expect, it } from 'vitest'
import {
  fitLogistic,
  fitStandardizer,
  type LogisticFit,
  logit,
  sigmoid,
  standardize,
} from '../../src/scoring/logistic.ts'
import { seededRandom } from '../helpers/random.ts'

/** Standard normal draws by Box–Muller. */
function seededNormal(seed: number): () => number {
  const random = seededRandom(seed)
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/** Rows of independent features `mean + scale·N(0,1)`, labels drawn from the true model. */
function sample(
  n: number,
  truth: { intercept: number; coefficients: number[] },
  features: { mean: number; scale: number }[],
  seed: number,
): { rows: number[][]; labels: (0 | 1)[] } {
  const normal = seededNormal(seed)
  const uniform = seededRandom(seed + 1)
  const rows: number[][] = []
  const labels: (0 | 1)[] = []
  for (let i = 0; i < n; i++) {
    const row = features.map(({ mean, scale }) => mean + scale * normal())
    const eta = truth.intercept + row.reduce((s, x, j) => s + truth.coefficients[j]! * x, 0)
    rows.push(row)
    labels.push(uniform() < sigmoid(eta) ? 1 : 0)
  }
  return { rows, labels }
}

const UNIT = { mean: 0, scale: 1 }

/** Norm of the coefficients on the standardized scale, where the penalty acts. */
function standardizedNorm(fit: LogisticFit, rows: number[][]): number {
  const { std } = fitStandardizer(rows)
  return Math.hypot(...fit.coefficients.map((b, j) => b * std[j]!))
}

describe('fitLogistic', () => {
  it('recovers the coefficients of a known model', () => {
    const truth = { intercept: 0.5, coefficients: [-1, 2, -0.5] }
    // The third feature is off-centre and wide, so the fit must undo its own standardization.
    const features = [UNIT, UNIT, { mean: 2, scale: 3 }]
    const { rows, labels } = sample(5000, truth, features, 42)
    const fit = fitLogistic(rows, labels, { l2: 1e-6, classWeight: 'none' })
    expect(fit.converged).toBe(true)
    expect(fit.iterations).toBeLessThan(15)
    expect(Math.abs(fit.intercept - truth.intercept)).toBeLessThan(0.15)
    for (const [j, coefficient] of fit.coefficients.entries()) {
      expect(Math.abs(coefficient - truth.coefficients[j]!)).toBeLessThan(0.15)
    }
  })

  it('shrinks the coefficient norm monotonically as l2 grows', () => {
    const truth = { intercept: -0.3, coefficients: [1.5, -1, 0.5] }
    const { rows, labels } = sample(1000, truth, [UNIT, UNIT, UNIT], 7)
    const norms = [0, 0.1, 1, 10, 100, 1000, 10_000].map((l2) =>
      standardizedNorm(fitLogistic(rows, labels, { l2 }), rows),
    )
    for (let k = 1; k < norms.length; k++) expect(norms[k]!).toBeLessThan(norms[k - 1]!)
    expect(norms.at(-1)!).toBeLessThan(0.1 * norms[0]!)
  })

  it("'balanced' moves the intercept toward 0 on an imbalanced sample", () => {
    const { rows, labels } = sample(4000, { intercept: -3.2, coefficients: [1] }, [UNIT], 11)
    const share = labels.filter((label) => label === 1).length / labels.length
    expect(share).toBeGreaterThan(0.03)
    expect(share).toBeLessThan(0.08)
    const none = fitLogistic(rows, labels, { l2: 1e-6, classWeight: 'none' })
    const balanced = fitLogistic(rows, labels, { l2: 1e-6, classWeight: 'balanced' })
    expect(none.intercept).toBeLessThan(-2.5)
    expect(Math.abs(balanced.intercept)).toBeLessThan(Math.abs(none.intercept) - 1)
  })

  it('converges to finite coefficients on perfectly separable data when l2 > 0', () => {
    const rows = [[-3], [-2], [-1.5], [-1], [-0.5], [0.5], [1], [1.5], [2], [3]]
    const labels: (0 | 1)[] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    const fit = fitLogistic(rows, labels, { l2: 1 })
    expect(fit.converged).toBe(true)
    expect(Number.isFinite(fit.intercept)).toBe(true)
    expect(Number.isFinite(fit.coefficients[0]!)).toBe(true)
    expect(fit.coefficients[0]!).toBeGreaterThan(0)
    // Without a penalty there is no finite optimum: the fit must say so, and still stay finite.
    const unpenalized = fitLogistic(rows, labels, { l2: 0, maxIterations: 30 })
    expect(unpenalized.converged).toBe(false)
    expect(Number.isFinite(unpenalized.coefficients[0]!)).toBe(true)
    expect(unpenalized.coefficients[0]!).toBeGreaterThan(fit.coefficients[0]!)
  })

  it('penalizes on the standardized scale, so rescaling a feature changes no prediction', () => {
    const { rows, labels } = sample(500, { intercept: 0, coefficients: [1, -1] }, [UNIT, UNIT], 3)
    const rescaled = rows.map(([a, b]) => [a! * 1000 + 50, b!])
    const original = fitLogistic(rows, labels, { l2: 5 })
    const scaled = fitLogistic(rescaled, labels, { l2: 5 })
    for (let i = 0; i < 20; i++) {
      expect(logit(scaled, rescaled[i]!)).toBeCloseTo(logit(original, rows[i]!), 8)
    }
  })

  it('on pre-standardized rows returns the standardized-scale model', () => {
    // What a caller that stores the standardizer and scores standardized features relies on.
    const features = [
      { mean: 5, scale: 2 },
      { mean: -1, scale: 0.5 },
    ]
    const { rows, labels } = sample(800, { intercept: 0.3, coefficients: [1, -0.7] }, features, 13)
    const s = fitStandardizer(rows)
    const raw = fitLogistic(rows, labels, { l2: 2 })
    const onStandardized = fitLogistic(
      rows.map((row) => standardize(row, s)),
      labels,
      { l2: 2 },
    )
    expect(onStandardized.intercept).toBeCloseTo(logit(raw, s.mean), 8)
    for (const [j, coefficient] of onStandardized.coefficients.entries()) {
      expect(coefficient).toBeCloseTo(raw.coefficients[j]! * s.std[j]!, 8)
    }
  })

  it('handles a constant feature column', () => {
    const { rows, labels } = sample(500, { intercept: 0, coefficients: [1] }, [UNIT], 5)
    const withConstant = rows.map((row) => [...row, 0.1])
    for (const l2 of [0, 1]) {
      const fit = fitLogistic(withConstant, labels, { l2 })
      expect(fit.converged).toBe(true)
      expect(fit.coefficients[1]).toBe(0)
      expect(fit.coefficients[0]).toBeCloseTo(fitLogistic(rows, labels, { l2 }).coefficients[0]!, 8)
    }
  })

  it('is deterministic', () => {
    const { rows, labels } = sample(300, { intercept: 0.2, coefficients: [1, 1] }, [UNIT, UNIT], 9)
    expect(fitLogistic(rows, labels, { l2: 1 })).toEqual(fitLogistic(rows, labels, { l2: 1 }))
  })

  it('rejects bad input with a clear message', () => {
    const rows = [[1], [2], [3]]
    const labels: (0 | 1)[] = [0, 1, 1]
    expect(() => fitLogistic(rows, [0, 1], { l2: 1 })).toThrow(/3 rows but 2 labels/)
    expect(() => fitLogistic(rows, [1, 1, 1], { l2: 1 })).toThrow(/at least one 0/)
    expect(() => fitLogistic(rows, [0, 1, 2 as 1], { l2: 1 })).toThrow(/label 2 is 2/)
    expect(() => fitLogistic([[1], [Number.NaN], [3]], labels, { l2: 1 })).toThrow(/finite/)
    expect(() => fitLogistic([[1], [2, 3], [3]], labels, { l2: 1 })).toThrow(/row 1 has 2/)
    expect(() => fitLogistic([], [], { l2: 1 })).toThrow(/at least one row/)
    expect(() => fitLogistic(rows, labels, { l2: -1 })).toThrow(/l2/)
    expect(() => fitLogistic(rows, labels, { l2: 1, maxIterations: 0 })).toThrow(/maxIterations/)
    expect(() => fitLogistic(rows, labels, { l2: 1, tolerance: 0 })).toThrow(/tolerance/)
    expect(() =>
      logit({ intercept: 0, coefficients: [1], iterations: 1, converged: true }, []),
    ).toThrow(/expected 1/)
  })
})

describe('standardizer', () => {
  it('centres and scales each column by its population standard deviation', () => {
    const s = fitStandardizer([
      [1, 10],
      [3, 10],
    ])
    expect(s).toEqual({ mean: [2, 10], std: [1, 1] })
    expect(standardize([3, 10], s)).toEqual([1, 0])
  })

  it('gives a constant column std 1, even when the mean is inexact in floating point', () => {
    const s = fitStandardizer([[0.1], [0.1], [0.1]])
    expect(s.std).toEqual([1])
    expect(standardize([0.1], s)).toEqual([0])
  })

  it('rejects rows of the wrong width', () => {
    expect(() => standardize([1], { mean: [0, 0], std: [1, 1] })).toThrow(/expected 2/)
  })
})

describe('sigmoid and logit', () => {
  it('is finite and exact at the limits', () => {
    expect(sigmoid(1000)).toBe(1)
    expect(sigmoid(-1000)).toBe(0)
    expect(sigmoid(Number.POSITIVE_INFINITY)).toBe(1)
    expect(sigmoid(Number.NEGATIVE_INFINITY)).toBe(0)
    expect(sigmoid(0)).toBe(0.5)
    expect(sigmoid(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15)
    expect(sigmoid(-2)).toBeCloseTo(1 - sigmoid(2), 15)
  })

  it('logit is intercept + Σ β·x', () => {
    const fit: LogisticFit = {
      intercept: -1,
      coefficients: [2, -0.5],
      iterations: 1,
      converged: true,
    }
    expect(logit(fit, [3, 4])).toBe(-1 + 2 * 3 - 0.5 * 4)
    expect(logit(fit, [0, 0])).toBe(-1)
  })
})
