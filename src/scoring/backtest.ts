/**
 * Held-out figures for a model, and the cross-validation that picks a model's form and
 * penalty on the training accounts alone. Pure: examples in, numbers out.
 */
import {
  type AdditiveFit,
  type FitExample,
  type FitOptions,
  fitPrepared,
  prepareFit,
  toTable,
} from './additive-fit.ts'
import { contributions, logOddsOf, type Term } from './additive.ts'
import type { FeatureRecord } from './feature-record.ts'
import { aucInterval, brierScore, calibrationTable, logLoss, rocAuc, topLift } from './metrics.ts'
import type { Backtest } from './model.ts'
import { sigmoid } from './logistic.ts'
import { fitPenalizedLogistic } from './penalized-logistic.ts'

export interface Scorable {
  base: number
  terms: readonly Term[]
}

export function probabilityOf(model: Scorable, record: FeatureRecord): number {
  return sigmoid(logOddsOf(model.base, contributions(model.terms, record)))
}

const finite = (value: number) => (Number.isFinite(value) ? value : null)

/** AUC (with its interval), log loss, Brier, top-decile lift and calibration, weighted. */
export function backtest(model: Scorable, examples: FitExample[]): Backtest {
  if (examples.length === 0)
    return { auc: null, aucInterval: null, logLoss: null, brier: null, lift: null, calibration: [] }
  const probabilities = examples.map((example) => probabilityOf(model, example.record))
  return backtestOf(probabilities, examples)
}

/** The same figures for predictions made elsewhere (a baseline on raw columns). */
export function backtestOf(
  probabilities: number[],
  examples: Pick<FitExample, 'label' | 'weight' | 'domain'>[],
): Backtest {
  const labels = examples.map((example) => example.label)
  const weights = examples.map((example) => example.weight)
  const auc = finite(rocAuc(probabilities, labels, weights))
  const positives = new Set(examples.filter((e) => e.label === 1).map((e) => e.domain)).size
  const negatives = new Set(examples.filter((e) => e.label === 0).map((e) => e.domain)).size
  const interval = auc === null ? null : aucInterval(auc, positives, negatives)
  return {
    auc,
    aucInterval: interval?.every(Number.isFinite) ? interval : null,
    logLoss: finite(logLoss(probabilities, labels, weights)),
    brier: finite(brierScore(probabilities, labels, weights)),
    lift: finite(topLift(probabilities, labels, 0.1, weights)),
    calibration: calibrationTable(probabilities, labels, 10, weights),
  }
}

export interface CandidateResult {
  form: FitOptions['form']
  l2: number
  levelL2: number
  minSupport: number
  logLoss: number
  auc: number
}

/** A fitted form as something that scores: base = intercept + Σ means. */
export function scorableOf(fit: AdditiveFit): Scorable {
  return {
    base: fit.intercept + fit.terms.reduce((sum, term) => sum + term.mean, 0),
    terms: fit.terms,
  }
}

/**
 * K-fold cross-validation by account (every snapshot of an account falls in one fold), each
 * candidate fitted on the other folds — design included, so a level is only learned from the
 * folds it is fitted on — and scored on its own. The holdout never takes part.
 */
export function crossValidate(
  examples: FitExample[],
  candidates: FitOptions[],
  foldOf: (domain: string) => number,
  folds: number,
): CandidateResult[] {
  const table = toTable(examples)
  const fold = Int32Array.from(examples, (example) => foldOf(example.domain))
  const splits = Array.from({ length: folds }, (_, k) => ({
    train: Int32Array.from(examples.keys()).filter((i) => fold[i] !== k),
    test: examples.filter((_, i) => fold[i] === k),
  })).filter(
    (split) => split.test.length > 0 && bothClasses(Array.from(split.train, (i) => examples[i]!)),
  )
  // Candidates that share a design (form and support) share its encoding, fold by fold, and
  // each penalty starts from the previous one's solution.
  const predictions = candidates.map(() => ({
    probabilities: [] as number[],
    scored: [] as FitExample[],
  }))
  const groups = new Map<string, number[]>()
  candidates.forEach((candidate, c) => {
    const key = `${candidate.form}|${candidate.minSupport}|${candidate.bins}|${candidate.maxLevels}`
    groups.set(key, [...(groups.get(key) ?? []), c])
  })
  for (const split of splits) {
    for (const members of groups.values()) {
      const prepared = prepareFit(table, candidates[members[0]!]!, split.train)
      let start: Float64Array | undefined
      for (const c of members) {
        const fit = fitPrepared(prepared, candidates[c]!, start)
        start = fit.beta
        const model = scorableOf(fit)
        for (const example of split.test) {
          predictions[c]!.probabilities.push(probabilityOf(model, example.record))
          predictions[c]!.scored.push(example)
        }
      }
    }
  }
  return candidates.map((candidate, c) => {
    const result = backtestOf(predictions[c]!.probabilities, predictions[c]!.scored)
    return {
      form: candidate.form,
      l2: candidate.l2,
      levelL2: candidate.levelL2 ?? candidate.l2,
      minSupport: candidate.minSupport,
      logLoss: result.logLoss ?? Number.POSITIVE_INFINITY,
      auc: result.auc ?? 0,
    }
  })
}

export function bothClasses(examples: { label: 0 | 1 }[]): boolean {
  return examples.some((e) => e.label === 1) && examples.some((e) => e.label === 0)
}

/**
 * How well each term alone ranks the examples (AUC of its contribution, folded so that 0.5
 * is no information and 1 perfect): a single attribute near 1 is usually a field filled in
 * after the outcome (a CRM status), which would make the model look far better than it is.
 */
export function termSeparation(
  terms: readonly Term[],
  examples: FitExample[],
): Map<string, number> {
  const labels = examples.map((example) => example.label)
  const weights = examples.map((example) => example.weight)
  const parts = examples.map((example) => contributions(terms, example.record))
  const result = new Map<string, number>()
  terms.forEach((term, j) => {
    const auc = rocAuc(
      parts.map((row) => row[j]!.contribution),
      labels,
      weights,
    )
    if (Number.isFinite(auc)) result.set(term.feature, Math.max(auc, 1 - auc))
  })
  return result
}

export interface Recalibration {
  /** log-odds → intercept + slope × log-odds. */
  intercept: number
  slope: number
}

/**
 * Platt scaling of a model's log-odds on another population: the design oversamples the
 * moments before outcomes, so its probabilities are recalibrated on the grid, where accounts
 * are looked at day after day as the service scores them. Two weighted parameters, fitted by
 * the same Newton solver; the ranking is unchanged.
 */
export function recalibration(model: Scorable, examples: FitExample[]): Recalibration | null {
  if (!bothClasses(examples)) return null
  const rows = examples.map((example) => ({
    index: Int32Array.of(1),
    value: Float64Array.of(logOddsOf(model.base, contributions(model.terms, example.record))),
  }))
  const labels = Float64Array.from(examples, (example) => example.label)
  const weights = Float64Array.from(examples, (example) => example.weight)
  const fit = fitPenalizedLogistic(rows, labels, weights, 2, {
    ridge: Float64Array.of(0, 1e-6),
    ties: [],
  })
  const slope = fit.beta[1]!
  return slope > 0 ? { intercept: fit.beta[0]!, slope } : null
}

/** The fit with every term scaled by the slope and the intercept moved: still exactly additive. */
export function applyRecalibration(fit: AdditiveFit, r: Recalibration): AdditiveFit {
  const scale = (value: number) => value * r.slope
  const scaled = (term: Term): Term => {
    const shared = { mean: scale(term.mean), spread: (term.spread ?? 0) * r.slope }
    switch (term.kind) {
      case 'linear':
        return { ...term, ...shared, weight: scale(term.weight) }
      case 'bins':
        return {
          ...term,
          ...shared,
          weights: term.weights.map(scale),
          missing: term.missing === null ? null : scale(term.missing),
        }
      case 'levels':
        return {
          ...term,
          ...shared,
          weights: Object.fromEntries(Object.entries(term.weights).map(([k, w]) => [k, scale(w)])),
          other: term.other === null ? null : scale(term.other),
        }
    }
  }
  return { ...fit, intercept: scale(fit.intercept) + r.intercept, terms: fit.terms.map(scaled) }
}
