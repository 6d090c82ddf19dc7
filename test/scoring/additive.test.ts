import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_FIT_OPTIONS,
  type FitExample,
  fitAdditive,
  learnDesign,
  quantileEdges,
  toTable,
} from '../../src/scoring/additive-fit.ts'
import { contributions, termValue } from '../../src/scoring/additive.ts'
import { scorableOf } from '../../src/scoring/backtest.ts'
import type { FeatureRecord } from '../../src/scoring/feature-record.ts'
import { modelSchema, scoreWith } from '../../src/scoring/model.ts'
import { quietFacts } from '../helpers/facts.ts'
import { seededRandom } from '../helpers/random.ts'

/** Leads whose source and visits raise the odds; some sources are too rare to learn alone. */
function leads(n: number, seed = 1): FitExample[] {
  const random = seededRandom(seed)
  const sources = ['referral', 'google', 'partner', 'event']
  return Array.from({ length: n }, (_, i) => {
    const source = i % 97 === 0 ? `rare-${i}` : sources[Math.floor(random() * sources.length)]!
    const visits = Math.floor(random() * 12)
    const employees = random() < 0.2 ? null : Math.floor(random() * 2000)
    const z = -1 + (source === 'referral' ? 1.5 : 0) + 0.25 * visits - (source === 'event' ? 1 : 0)
    const record: FeatureRecord = {
      numeric: { 'signals.web_visit': visits, engagement: visits / 3, 'attr.Employees': employees },
      levels: {
        'attr.Lead Source': { [source]: 1 },
        page: visits > 6 ? { 'acme.com/pricing': 2 } : {},
      },
    }
    return {
      domain: `a${i}.com`,
      label: random() < 1 / (1 + Math.exp(-z)) ? 1 : 0,
      weight: 1,
      record,
    }
  })
}

const options = (form: 'plain' | 'linear' | 'binned', l2 = 1) => ({
  ...DEFAULT_FIT_OPTIONS,
  form,
  l2,
})

describe('the additive model', () => {
  const examples = leads(3000)

  it('learns the levels that have support and pools the rare ones into "other"', () => {
    const fit = fitAdditive(examples, options('linear'))
    const source = fit.terms.find((term) => term.feature === 'attr.Lead Source')
    expect(source?.kind).toBe('levels')
    if (source?.kind !== 'levels') return
    expect(Object.keys(source.weights).sort()).toEqual(['event', 'google', 'partner', 'referral'])
    expect(source.other).not.toBeNull()
    expect(source.weights.referral!).toBeGreaterThan(source.weights.google!)
    expect(source.weights.event!).toBeLessThan(source.weights.google!)
  })

  it('keeps no rare level in the clear: a value seen on one account may be a person', () => {
    const fit = fitAdditive(examples, options('linear'))
    const text = JSON.stringify(fit.terms)
    expect(text).not.toContain('rare-97')
    const source = fit.terms.find((term) => term.feature === 'attr.Lead Source')
    if (source?.kind !== 'levels') throw new Error('no source term')
    expect(source.pooled?.length).toBe(31)
    for (const hash of source.pooled ?? []) expect(hash).toMatch(/^[0-9a-f]{16}$/)
  })

  it('keeps every level in the plain baseline, and no "other"', () => {
    const fit = fitAdditive(examples, options('plain'))
    const source = fit.terms.find((term) => term.feature === 'attr.Lead Source')
    if (source?.kind !== 'levels') throw new Error('no source term')
    expect(source.other).toBeNull()
    expect(Object.keys(source.weights).filter((level) => level.startsWith('rare-')).length).toBe(31)
  })

  it('treats a level it never saw as neutral: its contribution is exactly 0', () => {
    const model = scorableOf(fitAdditive(examples, options('linear')))
    const record: FeatureRecord = {
      numeric: { 'signals.web_visit': 3, engagement: 1, 'attr.Employees': 10 },
      levels: { 'attr.Lead Source': { 'brand-new channel': 1 } },
    }
    const term = model.terms.find((t) => t.feature === 'attr.Lead Source')!
    expect(termValue(term, record) - term.mean).toBe(0)
    // A rare level training did see reads as "other", which is not neutral.
    const rare = { ...record, levels: { 'attr.Lead Source': { 'rare-97': 1 } } }
    if (term.kind !== 'levels' || term.other === null) throw new Error('expected pooled levels')
    expect(termValue(term, rare)).toBe(term.other)
  })

  it('bins numbers with a bin for "missing", each bin holding enough accounts', () => {
    const table = toTable(examples)
    const design = learnDesign(table, options('binned'))
    const employees = design.numeric.find((spec) => spec.feature === 'attr.Employees')!
    expect(employees.kind).toBe('bins')
    expect(employees.missingColumn).not.toBeNull()
    const visits = design.numeric.find((spec) => spec.feature === 'signals.web_visit')!
    expect(visits.edges.length).toBeGreaterThan(2)
  })

  it('keeps a mostly-zero count’s zero as a bin of its own, and never makes a bin thinner than the support', () => {
    const values = Array.from({ length: 200 }, (_, i) => ({
      value: i < 150 ? 0 : i - 149,
      weight: 1,
      domain: `a${i}`,
    }))
    const edges = quantileEdges(values, 8, 10)
    expect(edges[0]).toBe(1)
    const bounds = [Number.NEGATIVE_INFINITY, ...edges, Number.POSITIVE_INFINITY]
    for (let b = 0; b + 1 < bounds.length; b++) {
      const inBin = values.filter((v) => v.value >= bounds[b]! && v.value < bounds[b + 1]!).length
      expect(inBin).toBeGreaterThanOrEqual(10)
    }
  })

  it('drops a feature that never varies', () => {
    const constant = examples.map((e) => ({
      ...e,
      record: { ...e.record, numeric: { ...e.record.numeric, 'signals.meeting': 0 } },
    }))
    const fit = fitAdditive(constant, options('linear'))
    expect(fit.terms.map((term) => term.feature)).not.toContain('signals.meeting')
  })

  it('centres every term on its training mean, so the base is an average example', () => {
    const fit = fitAdditive(examples, options('binned'))
    for (const term of fit.terms) {
      const mean = examples.reduce((sum, e) => sum + termValue(term, e.record), 0) / examples.length
      expect(mean).toBeCloseTo(term.mean, 9)
    }
  })

  test.prop(
    [
      fc.record({
        visits: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
        engagement: fc.double({ min: 0, max: 100, noNaN: true }),
        employees: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        source: fc.constantFrom('referral', 'google', 'event', 'unknown-x', ''),
        pages: fc.integer({ min: 0, max: 20 }),
      }),
    ],
    { numRuns: 60 },
  )('base + Σ contributions is the log-odds, and the probability follows from it', (input) => {
    const model = {
      ...scorableOf(fitAdditive(examples, options('binned'))),
      id: 'm-test',
      behaviourDays: 90,
    }
    const record: FeatureRecord = {
      numeric: {
        'signals.web_visit': input.visits,
        engagement: input.engagement,
        'attr.Employees': input.employees,
      },
      levels: {
        'attr.Lead Source': input.source ? { [input.source]: 1 } : {},
        page: input.pages > 0 ? { 'acme.com/pricing': input.pages } : {},
      },
    }
    const scored = scoreWith(model as never, record, quietFacts)
    let total = scored.base
    for (const reason of scored.reasons) total += reason.contribution
    expect(total).toBe(scored.logOdds)
    expect(scored.probability).toBeCloseTo(1 / (1 + Math.exp(-scored.logOdds)), 12)
    expect(scored.score).toBe(Math.round(scored.probability * 100))
    expect(scored.reasons).toHaveLength(model.terms.length)
    const parts = contributions(model.terms, record)
    expect(parts.reduce((sum, p) => sum + p.contribution, model.base)).toBeCloseTo(
      scored.logOdds,
      10,
    )
  })
})

describe('models stored in the first format', () => {
  it('score exactly as they did: one linear term per standardized feature', () => {
    const legacy = modelSchema.parse({
      id: 'm-legacy',
      kind: 'logistic',
      createdAt: '2026-11-01T00:00:00.000Z',
      features: ['surge_max', 'engagement'],
      standardizer: { mean: [0.5, 2], std: [1, 4] },
      intercept: -2,
      coefficients: [0.8, 0.3],
      horizonDays: 90,
      l2: 1,
      trainingWindow: { from: '2026-01-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
      snapshots: 13,
      samples: { positives: 10, negatives: 100 },
      metrics: { auc: 0.7, logLoss: 0.3, brier: 0.1, calibration: [] },
    })
    const record: FeatureRecord = { numeric: { surge_max: 2.5, engagement: 10 }, levels: {} }
    const scored = scoreWith(legacy, record, quietFacts)
    // The first format: intercept + Σ coefficient × (x − mean) / std.
    expect(scored.logOdds).toBeCloseTo(-2 + 0.8 * ((2.5 - 0.5) / 1) + 0.3 * ((10 - 2) / 4), 12)
    expect(scored.base).toBe(-2)
  })
})
