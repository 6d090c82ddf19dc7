import { describe, expect, it } from 'vitest'
import {
  logGamma,
  negBinomialLowerTail,
  negBinomialUpperTail,
  normalQuantile,
  normalUpperTail,
  regularizedBeta,
} from '../../src/scoring/stats.ts'

describe('special functions', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 9)
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 9)
    expect(logGamma(10.5)).toBeCloseTo(13.940625219403763, 8)
  })

  it('regularizedBeta matches closed forms', () => {
    // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a
    expect(regularizedBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 10)
    expect(regularizedBeta(0.3, 5, 1)).toBeCloseTo(0.3 ** 5, 10)
    expect(regularizedBeta(0.5, 7, 7)).toBeCloseTo(0.5, 10)
    expect(regularizedBeta(0, 2, 3)).toBe(0)
    expect(regularizedBeta(1, 2, 3)).toBe(1)
  })

  it('negative binomial tails agree with direct summation', () => {
    const r = 3.5
    const p = 0.4
    const pmf = (k: number) =>
      Math.exp(
        logGamma(k + r) - logGamma(k + 1) - logGamma(r) + r * Math.log(p) + k * Math.log(1 - p),
      )
    let cumulative = 0
    for (let k = 0; k <= 12; k++) {
      cumulative += pmf(k)
      expect(negBinomialLowerTail(k, r, p)).toBeCloseTo(cumulative, 9)
      expect(negBinomialUpperTail(k + 1, r, p)).toBeCloseTo(1 - cumulative, 9)
    }
    expect(negBinomialUpperTail(0, r, p)).toBe(1)
  })

  it('normalQuantile inverts the normal tail', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6)
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 6)
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902, 4)
    for (const z of [-3, -1, 0.5, 2, 4])
      expect(normalQuantile(1 - normalUpperTail(z))).toBeCloseTo(z, 5)
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY)
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY)
  })
})
