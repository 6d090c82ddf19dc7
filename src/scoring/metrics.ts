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
export function rocAuc(scores: number[], labels: (0 | 1)[]): number {
  checkLabels('rocAuc', scores.length, labels)
  const nanAt = scores.findIndex((score) => Number.isNaN(score))
  if (nanAt !== -1) throw new Error(`rocAuc: score ${nanAt} is NaN`)
  const positives = countPositives(labels)
  const negatives = labels.length - positives
  if (positives === 0 || negatives === 0) return Number.NaN
  const order = Array.from(scores.keys()).sort((a, b) => compare(scores[a]!, scores[b]!))
  let negativesBelow = 0
  let correctPairs = 0
  for (let start = 0; start < order.length; ) {
    const score = scores[order[start]!]!
    let groupPositives = 0
    let end = start
    for (; end < order.length && scores[order[end]!] === score; end++) {
      groupPositives += labels[order[end]!]!
    }
    const groupNegatives = end - start - groupPositives
    correctPairs += groupPositives * (negativesBelow + groupNegatives / 2)
    negativesBelow += groupNegatives
    start = end
  }
  return correctPairs / (positives * negatives)
}

/** Mean negative log-likelihood (nats), probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(probabilities: number[], labels: (0 | 1)[]): number {
  checkProbabilities('logLoss', probabilities, labels)
  let total = 0
  for (const [i, probability] of probabilities.entries()) {
    const p = Math.min(Math.max(probability, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON)
    total -= labels[i] === 1 ? Math.log(p) : Math.log1p(-p)
  }
  return total / probabilities.length
}

/** Mean squared difference between probability and outcome. */
export function brierScore(probabilities: number[], labels: (0 | 1)[]): number {
  checkProbabilities('brierScore', probabilities, labels)
  let total = 0
  for (const [i, probability] of probabilities.entries()) {
    total += (probability - labels[i]!) ** 2
  }
  return total / probabilities.length
}

/**
 * Reliability table: probabilities grouped into `bins` equal-width bins over [0, 1], each with
 * its mean prediction and observed positive rate. Empty bins are omitted.
 */
export function calibrationTable(
  probabilities: number[],
  labels: (0 | 1)[],
  bins = 10,
): CalibrationBin[] {
  checkProbabilities('calibrationTable', probabilities, labels)
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`calibrationTable: bins must be a positive integer, got ${bins}`)
  }
  const counts = new Array<number>(bins).fill(0)
  const predictedSums = new Array<number>(bins).fill(0)
  const positiveCounts = new Array<number>(bins).fill(0)
  for (const [i, probability] of probabilities.entries()) {
    // A probability of exactly 1 belongs to the last bin, not to a bin past the end.
    const bin = Math.min(Math.floor(probability * bins), bins - 1)
    counts[bin]! += 1
    predictedSums[bin]! += probability
    positiveCounts[bin]! += labels[i]!
  }
  const table: CalibrationBin[] = []
  for (const [bin, count] of counts.entries()) {
    if (count === 0) continue
    table.push({
      from: bin / bins,
      to: (bin + 1) / bins,
      count,
      meanPredicted: predictedSums[bin]! / count,
      observedRate: positiveCounts[bin]! / count,
    })
  }
  return table
}

/** Total order on non-NaN numbers; subtraction would give NaN for Infinity − Infinity. */
function compare(a: number, b: number): number {
  if (a < b) return -1
  return a > b ? 1 : 0
}

function countPositives(labels: (0 | 1)[]): number {
  let positives = 0
  for (const label of labels) positives += label
  return positives
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
