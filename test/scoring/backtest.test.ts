import { describe, expect, it } from 'vitest'
import {
  DEFAULT_FIT_OPTIONS,
  type FitExample,
  fitAdditive,
} from '../../src/scoring/additive-fit.ts'
import {
  applyRecalibration,
  backtest,
  probabilityOf,
  recalibration,
  scorableOf,
  termSeparation,
} from '../../src/scoring/backtest.ts'
import {
  aucInterval,
  brierScore,
  calibrationTable,
  logLoss,
  pairedAucTest,
  rocAuc,
  topLift,
} from '../../src/scoring/metrics.ts'
import { seededRandom } from '../helpers/random.ts'

describe('weighted metrics', () => {
  it('count a row of weight 2 as two rows', () => {
    const p = [0.9, 0.2, 0.6, 0.4]
    const y: (0 | 1)[] = [1, 0, 0, 1]
    const w = [2, 1, 1, 3]
    const expand = <T>(values: T[]) => values.flatMap((v, i) => Array<T>(w[i]!).fill(v))
    expect(rocAuc(p, y, w)).toBeCloseTo(rocAuc(expand(p), expand(y)), 12)
    expect(logLoss(p, y, w)).toBeCloseTo(logLoss(expand(p), expand(y)), 12)
    expect(brierScore(p, y, w)).toBeCloseTo(brierScore(expand(p), expand(y)), 12)
    expect(calibrationTable(p, y, 10, w)).toEqual(
      calibrationTable(expand(p), expand(y)).map((bin, i) => ({
        ...bin,
        count: [1, 1, 1, 1][i],
      })),
    )
  })

  it('give the lift of the top tenth against the overall rate', () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 100)
    const y = p.map((value) => (value >= 0.9 ? 1 : value >= 0.5 && value < 0.6 ? 1 : 0)) as (
      | 0
      | 1
    )[]
    // 20 positives in 100; the top ten are all positive: 1 / 0.2 = 5.
    expect(topLift(p, y)).toBeCloseTo(5, 12)
  })

  it('put the AUC interval around the AUC and narrow it with more accounts', () => {
    const [low, high] = aucInterval(0.8, 50, 200)
    expect(low).toBeLessThan(0.8)
    expect(high).toBeGreaterThan(0.8)
    const [low2, high2] = aucInterval(0.8, 500, 2000)
    expect(high2 - low2).toBeLessThan(high - low)
  })
})

describe('DeLong’s paired test', () => {
  const random = seededRandom(5)
  const labels = Array.from({ length: 400 }, () => (random() < 0.4 ? 1 : 0)) as (0 | 1)[]
  const signal = labels.map((y) => y + random() * 1.5)

  it('finds no difference between a score and itself', () => {
    const result = pairedAucTest(signal, signal, labels)
    expect(result.difference).toBe(0)
    expect(result.p).toBe(1)
  })

  it('finds a better score significantly better, with the AUCs of rocAuc', () => {
    const noise = labels.map(() => random())
    const result = pairedAucTest(signal, noise, labels)
    expect(result.a).toBeCloseTo(rocAuc(signal, labels), 12)
    expect(result.b).toBeCloseTo(rocAuc(noise, labels), 12)
    expect(result.difference).toBeGreaterThan(0.2)
    expect(result.p).toBeLessThan(1e-6)
  })
})

describe('recalibration', () => {
  const random = seededRandom(9)
  const examples: FitExample[] = Array.from({ length: 1500 }, (_, i) => {
    const x = random() * 4 - 2
    return {
      domain: `a${i}.com`,
      label: random() < 1 / (1 + Math.exp(-2 * x)) ? 1 : 0,
      weight: 1,
      record: { numeric: { engagement: x }, levels: {} },
    }
  })

  it('scales every term and moves the intercept, keeping the ranking and the additivity', () => {
    const fit = fitAdditive(examples, { ...DEFAULT_FIT_OPTIONS, form: 'linear', l2: 1 })
    // A population where the same features mean half the odds.
    const shifted = examples.map((e) => ({
      ...e,
      label: (e.label === 1 && random() < 0.5 ? 1 : 0) as 0 | 1,
    }))
    const r = recalibration(scorableOf(fit), shifted)!
    expect(r.slope).toBeGreaterThan(0)
    expect(r.intercept).toBeLessThan(0)
    const calibrated = scorableOf(applyRecalibration(fit, r))
    const before = examples.map((e) => probabilityOf(scorableOf(fit), e.record))
    const after = examples.map((e) => probabilityOf(calibrated, e.record))
    const labels = examples.map((e) => e.label)
    expect(rocAuc(after, labels)).toBeCloseTo(rocAuc(before, labels), 12)
    const mean = after.reduce((s, p) => s + p, 0) / after.length
    const rate = shifted.filter((e) => e.label === 1).length / shifted.length
    expect(mean).toBeCloseTo(rate, 2)
  })

  it('flags a single feature that separates the outcomes by itself', () => {
    const leaky = examples.map((e) => ({
      ...e,
      record: { ...e.record, levels: { 'attr.Stage': { [e.label === 1 ? 'won' : 'open']: 1 } } },
    }))
    const fit = fitAdditive(leaky, { ...DEFAULT_FIT_OPTIONS, form: 'linear', l2: 1 })
    const separation = termSeparation(fit.terms, leaky)
    expect(separation.get('attr.Stage')).toBe(1)
    expect(separation.get('engagement')).toBeLessThan(0.95)
    expect(backtest(scorableOf(fit), leaky).auc).toBe(1)
  })
})
