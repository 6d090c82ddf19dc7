import { describe, expect, it } from 'vitest'
import { fitWithPositiveSigns } from '../../src/domain/training.ts'

/** A small deterministic generator, so the data is the same on every run. */
function lcg(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) % 2 ** 32
    return state / 2 ** 32
  }
}

describe('fitWithPositiveSigns', () => {
  it('keeps helpful features and drops one that only lowers the odds, so no reason reads backwards', () => {
    const random = lcg(7)
    const rows: number[][] = []
    const labels: (0 | 1)[] = []
    for (let i = 0; i < 3000; i++) {
      const helpful = random() * 4 - 2
      const harmful = random() * 4 - 2
      const noise = random() * 4 - 2
      rows.push([helpful, harmful, noise])
      const logit = 1.5 * helpful - 1.0 * harmful - 0.5
      labels.push(random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0)
    }
    const fit = fitWithPositiveSigns(rows, labels, 1)
    expect(fit.coefficients).toHaveLength(3)
    for (const coefficient of fit.coefficients) expect(coefficient).toBeGreaterThanOrEqual(0)
    expect(fit.coefficients[0]).toBeGreaterThan(1)
    expect(fit.coefficients[1]).toBe(0)
  })
})
