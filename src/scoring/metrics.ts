import { normalUpperTail } from './stats.ts'

/**
 * Classification metrics for scored binary outcomes. Pure: every function takes arrays and
 * returns numbers. Empty input (or, for ROC AUC, a missing class) yields NaN, since the metric
 * is undefined there; malformed input (length mismatch, labels other than 0/1, probabilities
 * outside [0, 1]) throws.
 */

/** Log loss clips probabilities here so a confident miss costs ~34.5 nats instead of Infinity. */
const LOG_LOSS_EPSILON = 1e-15

export interface CalibrationBin {
  /** Lower edge of the bin (inclusive). */
  from: number
  /** Upper edge (exclusive, except the last bin, which includes 1). */
  to: number
  count: number
  meanPredicted: number
  observedRate: number
}

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the share of (positive, negative)
 * pairs the scores order correctly, a tie counting half. One sort, then a linear pass over
 * groups of equal scores, so O(n log n).
 */
export function rocAuc(scores: number[], labels: (0 | 1)[], weights?: number[]): number {
  checkLabels('rocAuc', scores.length, labels)
  const w = checkWeights('rocAuc', scores.length, weights)
  const nanAt = scores.findIndex((score) => Number.isNaN(score))
  if (nanAt !== -1) throw new Error(`rocAuc: score ${nanAt} is NaN`)
  let positives = 0
  let negatives = 0
  for (const [i, label] of labels.entries()) {
    if (label === 1) positives += w(i)
    else negatives += w(i)
  }
  if (positives === 0 || negatives === 0) return Number.NaN
  const order = Array.from(scores.keys()).sort((a, b) => compare(scores[a]!, scores[b]!))
  let negativesBelow = 0
  let correctPairs = 0
  for (let start = 0; start < order.length; ) {
    const score = scores[order[start]!]!
    let groupPositives = 0
    let groupNegatives = 0
    let end = start
    for (; end < order.length && scores[order[end]!] === score; end++) {
      const i = order[end]!
      if (labels[i] === 1) groupPositives += w(i)
      else groupNegatives += w(i)
    }
    correctPairs += groupPositives * (negativesBelow + groupNegatives / 2)
    negativesBelow += groupNegatives
    start = end
  }
  return correctPairs / (positives * negatives)
}

/**
 * A 95 % interval for an AUC by Hanley & McNeil's standard error, from the number of
 * independent positives and negatives (accounts, not their correlated snapshots).
 */
export function aucInterval(auc: number, positives: number, negatives: number): [number, number] {
  if (!Number.isFinite(auc) || positives < 1 || negatives < 1) return [Number.NaN, Number.NaN]
  const q1 = auc / (2 - auc)
  const q2 = (2 * auc * auc) / (1 + auc)
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives)
  const half = 1.96 * Math.sqrt(Math.max(0, variance))
  return [Math.max(0, auc - half), Math.min(1, auc + half)]
}

/**
 * Lift of the top `share` of predictions: the positive rate among them over the overall rate
 * (weights count as that many examples; ties at the cut are taken in input order).
 */
export function topLift(
  probabilities: number[],
  labels: (0 | 1)[],
  share = 0.1,
  weights?: number[],
): number {
  checkProbabilities('topLift', probabilities, labels)
  const w = checkWeights('topLift', probabilities.length, weights)
  let total = 0
  let positives = 0
  for (const [i, label] of labels.entries()) {
    total += w(i)
    positives += label * w(i)
  }
  if (total === 0 || positives === 0) return Number.NaN
  const order = Array.from(probabilities.keys()).sort(
    (a, b) => compare(probabilities[b]!, probabilities[a]!) || a - b,
  )
  let taken = 0
  let takenPositives = 0
  for (const i of order) {
    if (taken >= share * total) break
    taken += w(i)
    takenPositives += labels[i]! * w(i)
  }
  return takenPositives / taken / (positives / total)
}

/** Mean negative log-likelihood (nats), probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(probabilities: number[], labels: (0 | 1)[], weights?: number[]): number {
  checkProbabilities('logLoss', probabilities, labels)
  const w = checkWeights('logLoss', probabilities.length, weights)
  let total = 0
  let mass = 0
  for (const [i, probability] of probabilities.entries()) {
    const p = Math.min(Math.max(probability, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON)
    total -= w(i) * (labels[i] === 1 ? Math.log(p) : Math.log1p(-p))
    mass += w(i)
  }
  return total / mass
}

/** Mean squared difference between probability and outcome. */
export function brierScore(probabilities: number[], labels: (0 | 1)[], weights?: number[]): number {
  checkProbabilities('brierScore', probabilities, labels)
  const w = checkWeights('brierScore', probabilities.length, weights)
  let total = 0
  let mass = 0
  for (const [i, probability] of probabilities.entries()) {
    total += w(i) * (probability - labels[i]!) ** 2
    mass += w(i)
  }
  return total / mass
}

/**
 * Reliability table: probabilities grouped into `bins` equal-width bins over [0, 1], each with
 * its mean prediction and observed positive rate. Empty bins are omitted.
 */
export function calibrationTable(
  probabilities: number[],
  labels: (0 | 1)[],
  bins = 10,
  weights?: number[],
): CalibrationBin[] {
  checkProbabilities('calibrationTable', probabilities, labels)
  const w = checkWeights('calibrationTable', probabilities.length, weights)
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`calibrationTable: bins must be a positive integer, got ${bins}`)
  }
  const counts = new Array<number>(bins).fill(0)
  const masses = new Array<number>(bins).fill(0)
  const predictedSums = new Array<number>(bins).fill(0)
  const positiveCounts = new Array<number>(bins).fill(0)
  for (const [i, probability] of probabilities.entries()) {
    // A probability of exactly 1 belongs to the last bin, not to a bin past the end.
    const bin = Math.min(Math.floor(probability * bins), bins - 1)
    counts[bin]! += 1
    masses[bin]! += w(i)
    predictedSums[bin]! += w(i) * probability
    positiveCounts[bin]! += w(i) * labels[i]!
  }
  const table: CalibrationBin[] = []
  for (const [bin, count] of counts.entries()) {
    if (count === 0) continue
    table.push({
      from: bin / bins,
      to: (bin + 1) / bins,
      count,
      meanPredicted: predictedSums[bin]! / masses[bin]!,
      observedRate: positiveCounts[bin]! / masses[bin]!,
    })
  }
  return table
}

/** Total order on non-NaN numbers; subtraction would give NaN for Infinity − Infinity. */
function compare(a: number, b: number): number {
  if (a < b) return -1
  return a > b ? 1 : 0
}

/** Weights, when given, must match the values one to one and be finite and ≥ 0. */
function checkWeights(
  metric: string,
  length: number,
  weights: number[] | undefined,
): (i: number) => number {
  if (weights === undefined) return () => 1
  if (weights.length !== length) {
    throw new Error(`${metric}: ${length} values but ${weights.length} weights`)
  }
  const bad = weights.findIndex((weight) => !(weight >= 0 && Number.isFinite(weight)))
  if (bad !== -1) throw new Error(`${metric}: weight ${bad} is ${weights[bad]}`)
  return (i) => weights[i]!
}

function checkLabels(metric: string, expectedLength: number, labels: (0 | 1)[]): void {
  if (labels.length !== expectedLength) {
    throw new Error(`${metric}: ${expectedLength} values but ${labels.length} labels`)
  }
  const bad = labels.findIndex((label) => label !== 0 && label !== 1)
  if (bad !== -1) {
    throw new Error(`${metric}: label ${bad} is ${String(labels[bad])}, expected 0 or 1`)
  }
}

function checkProbabilities(metric: string, probabilities: number[], labels: (0 | 1)[]): void {
  checkLabels(metric, probabilities.length, labels)
  const bad = probabilities.findIndex((p) => !(p >= 0 && p <= 1))
  if (bad !== -1) {
    throw new Error(`${metric}: probability ${bad} is ${probabilities[bad]}, outside [0, 1]`)
  }
}

export interface PairedAuc {
  a: number
  b: number
  /** a − b, its standard error, and the two-sided p-value that it is 0. */
  difference: number
  standardError: number
  p: number
}

/**
 * DeLong's test of two correlated ROC AUCs: two scores of the same examples. The structural
 * components (each positive's share of negatives it outranks, each negative's of positives
 * outranking it) give the variance of each AUC and their covariance. Quadratic in the
 * examples; meant for evaluation sets of a few thousand.
 */
export function pairedAucTest(a: number[], b: number[], labels: (0 | 1)[]): PairedAuc {
  checkLabels('pairedAucTest', a.length, labels)
  if (b.length !== a.length) throw new Error('pairedAucTest: the two scores differ in length')
  const positives = labels.flatMap((label, i) => (label === 1 ? [i] : []))
  const negatives = labels.flatMap((label, i) => (label === 0 ? [i] : []))
  const m = positives.length
  const n = negatives.length
  if (m < 2 || n < 2)
    return {
      a: Number.NaN,
      b: Number.NaN,
      difference: Number.NaN,
      standardError: Number.NaN,
      p: Number.NaN,
    }
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0)
  const components = (scores: number[]) => {
    const v10 = positives.map(
      (i) => negatives.reduce((sum, j) => sum + psi(scores[i]!, scores[j]!), 0) / n,
    )
    const v01 = negatives.map(
      (j) => positives.reduce((sum, i) => sum + psi(scores[i]!, scores[j]!), 0) / m,
    )
    return { auc: v10.reduce((s, v) => s + v, 0) / m, v10, v01 }
  }
  const ca = components(a)
  const cb = components(b)
  const covariance = (x: number[], y: number[], mx: number, my: number) =>
    x.reduce((sum, value, k) => sum + (value - mx) * (y[k]! - my), 0) / (x.length - 1)
  const s10 = (x: number[], y: number[], mx: number, my: number) => covariance(x, y, mx, my) / m
  const s01 = (x: number[], y: number[], mx: number, my: number) => covariance(x, y, mx, my) / n
  const variance =
    s10(ca.v10, ca.v10, ca.auc, ca.auc) +
    s01(ca.v01, ca.v01, ca.auc, ca.auc) +
    s10(cb.v10, cb.v10, cb.auc, cb.auc) +
    s01(cb.v01, cb.v01, cb.auc, cb.auc) -
    2 * (s10(ca.v10, cb.v10, ca.auc, cb.auc) + s01(ca.v01, cb.v01, ca.auc, cb.auc))
  const standardError = Math.sqrt(Math.max(variance, 0))
  const difference = ca.auc - cb.auc
  const z = standardError === 0 ? 0 : difference / standardError
  return {
    a: ca.auc,
    b: cb.auc,
    difference,
    standardError,
    p: Math.min(1, 2 * normalUpperTail(Math.abs(z))),
  }
}
