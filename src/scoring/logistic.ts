/**
 * L2-regularized logistic regression fitted by iteratively reweighted least squares (IRLS), on
 * dense rows. The in-market model is fitted by the sparse solver of `penalized-logistic.ts`
 * (its rows are mostly one-hot columns); this one, built on `ml-regression`, is the
 * independent reference the tests check that solver against.
 *
 * Each Newton step is a weighted ridge least-squares problem; `ml-regression`'s
 * MultivariateLinearRegression solves it on an augmented system (see `solveWeightedRidge`).
 * Features are standardized inside the fit so the penalty treats every feature alike whatever
 * its unit; the returned coefficients are mapped back to the caller's raw units, so `logit`
 * takes raw rows. Pure and deterministic: no I/O, no clock, no randomness.
 */
import { MultivariateLinearRegression } from 'ml-regression'

export interface Standardizer {
  mean: number[]
  /** Population standard deviation; 1 for a constant column, so it maps to 0 instead of NaN. */
  std: number[]
}

export interface LogisticOptions {
  /** Ridge penalty on the coefficients (never the intercept), on standardized features. */
  l2: number
  /** 'balanced': each class carries total weight n/2. Default 'balanced'. */
  classWeight?: 'balanced' | 'none'
  /** Default 50. */
  maxIterations?: number
  /** Convergence when max |Δβ| (standardized scale) falls below this. Default 1e-8. */
  tolerance?: number
}

export interface LogisticFit {
  intercept: number
  /** One per feature, in the raw units of the rows passed to `fitLogistic`. */
  coefficients: number[]
  iterations: number
  converged: boolean
}

/** Keeps IRLS weights and working responses finite once fitted probabilities reach 0 or 1. */
const MIN_VARIANCE = 1e-10
/** Step-halving gives up after this many halvings and accepts the tiny step. */
const MAX_HALVINGS = 30

export function sigmoid(z: number): number {
  // Only ever exponentiate a non-positive number, so large |z| cannot overflow to Infinity/NaN.
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** log(1 + e^z) without overflow: the per-row negative log-likelihood is softplus(η) − yη. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))
}

export function fitStandardizer(rows: number[][]): Standardizer {
  const width = checkRectangular(rows, 'fitStandardizer')
  const mean: number[] = []
  const std: number[] = []
  for (let j = 0; j < width; j++) {
    const column = rows.map((row) => row[j]!)
    const { mean: m, std: s } = columnMoments(column)
    mean.push(m)
    std.push(s)
  }
  return { mean, std }
}

function columnMoments(column: number[]): { mean: number; std: number } {
  const first = column[0]!
  // Compare values, not the computed spread: a constant 0.1 column has a rounding-noise
  // std of ~1e-17 that would otherwise blow the column up into pure noise.
  if (column.every((value) => value === first)) return { mean: first, std: 1 }
  const mean = column.reduce((sum, value) => sum + value, 0) / column.length
  const variance =
    column.reduce((sum, value) => sum + (value - mean) * (value - mean), 0) / column.length
  return { mean, std: Math.sqrt(variance) }
}

export function standardize(row: number[], s: Standardizer): number[] {
  if (row.length !== s.mean.length) {
    throw new Error(`standardize: row has ${row.length} features, expected ${s.mean.length}`)
  }
  return row.map((value, j) => (value - s.mean[j]!) / s.std[j]!)
}

/** intercept + Σ βⱼxⱼ on a raw row: the log-odds. */
export function logit(fit: LogisticFit, row: number[]): number {
  if (row.length !== fit.coefficients.length) {
    throw new Error(`logit: row has ${row.length} features, expected ${fit.coefficients.length}`)
  }
  let sum = fit.intercept
  for (let j = 0; j < row.length; j++) sum += fit.coefficients[j]! * row[j]!
  return sum
}

export function fitLogistic(
  rows: number[][],
  labels: (0 | 1)[],
  options: LogisticOptions,
): LogisticFit {
  const settings = resolveOptions(options)
  validateTrainingData(rows, labels)
  const standardizer = fitStandardizer(rows)
  const problem: Problem = {
    // A leading column of 1s carries the intercept through the same least-squares solve.
    design: rows.map((row) => [1, ...standardize(row, standardizer)]),
    labels,
    sampleWeights: sampleWeights(labels, settings.classWeight),
    l2: settings.l2,
  }
  const result = runIrls(problem, settings)
  return { ...toRawScale(result.beta, standardizer), ...result.status }
}

interface Problem {
  design: number[][]
  labels: (0 | 1)[]
  sampleWeights: number[]
  l2: number
}

interface Iterate {
  beta: number[]
  eta: number[]
  objective: number
}

function runIrls(
  problem: Problem,
  settings: Required<LogisticOptions>,
): { beta: number[]; status: { iterations: number; converged: boolean } } {
  const width = problem.design[0]!.length
  let current = evaluate(problem, new Array<number>(width).fill(0))
  for (let iteration = 1; iteration <= settings.maxIterations; iteration++) {
    const next = dampedNewtonStep(problem, current)
    const change = maxAbsDifference(next.beta, current.beta)
    current = next
    if (change < settings.tolerance) {
      return { beta: current.beta, status: { iterations: iteration, converged: true } }
    }
  }
  return { beta: current.beta, status: { iterations: settings.maxIterations, converged: false } }
}

/**
 * One IRLS (Newton) step, halved while it worsens the penalized objective: plain Newton can
 * overshoot on nearly separable data, and halving keeps every iterate an improvement.
 */
function dampedNewtonStep(problem: Problem, current: Iterate): Iterate {
  const target = solveWeightedRidge(problem, current.eta)
  let candidate = evaluate(problem, target)
  const slack = 1e-12 * Math.max(1, Math.abs(current.objective))
  for (let halving = 0; halving < MAX_HALVINGS; halving++) {
    if (candidate.objective <= current.objective + slack) return candidate
    const midpoint = candidate.beta.map((b, j) => (b + current.beta[j]!) / 2)
    candidate = evaluate(problem, midpoint)
  }
  return candidate
}

/**
 * Solves (XᵀWX + λD)β = XᵀWz, D = diag(0, 1, …, 1), as ordinary least squares on
 * [√W·X; √λ·E] β ≈ [√W·z; 0], where E holds one row per coefficient with √λ at its position.
 * `intercept: false` because the design already has its column of 1s (the library would
 * otherwise append its own as the last column); `statistics: false` skips a residual-variance
 * pass and a pseudo-inverse that IRLS never reads.
 */
function solveWeightedRidge(problem: Problem, eta: number[]): number[] {
  const { design, labels, sampleWeights, l2 } = problem
  const x: number[][] = []
  const y: number[][] = []
  for (let i = 0; i < design.length; i++) {
    const p = sigmoid(eta[i]!)
    const variance = Math.max(p * (1 - p), MIN_VARIANCE)
    const workingResponse = eta[i]! + (labels[i]! - p) / variance
    const rootWeight = Math.sqrt(sampleWeights[i]! * variance)
    x.push(design[i]!.map((value) => value * rootWeight))
    y.push([workingResponse * rootWeight])
  }
  appendRidgeRows(x, y, design[0]!.length, l2)
  const regression = new MultivariateLinearRegression(x, y, { intercept: false, statistics: false })
  return regression.weights.map((row) => row[0]!)
}

function appendRidgeRows(x: number[][], y: number[][], width: number, l2: number): void {
  if (l2 === 0) return
  const root = Math.sqrt(l2)
  // Position 0 is the intercept, which is never penalized.
  for (let j = 1; j < width; j++) {
    const row = new Array<number>(width).fill(0)
    row[j] = root
    x.push(row)
    y.push([0])
  }
}

/** Linear predictor and penalized weighted negative log-likelihood at β. */
function evaluate(problem: Problem, beta: number[]): Iterate {
  const { design, labels, sampleWeights, l2 } = problem
  const eta: number[] = []
  let objective = 0
  for (let i = 0; i < design.length; i++) {
    const row = design[i]!
    let linear = 0
    for (let j = 0; j < row.length; j++) linear += row[j]! * beta[j]!
    eta.push(linear)
    objective += sampleWeights[i]! * (softplus(linear) - labels[i]! * linear)
  }
  let squaredNorm = 0
  for (let j = 1; j < beta.length; j++) squaredNorm += beta[j]! * beta[j]!
  return { beta, eta, objective: objective + (l2 / 2) * squaredNorm }
}

function maxAbsDifference(a: number[], b: number[]): number {
  let max = 0
  for (let j = 0; j < a.length; j++) max = Math.max(max, Math.abs(a[j]! - b[j]!))
  return max
}

/** β·(x − μ)/σ = (β/σ)·x − Σ βμ/σ: fold the standardization into raw-unit coefficients. */
function toRawScale(
  beta: number[],
  standardizer: Standardizer,
): { intercept: number; coefficients: number[] } {
  const coefficients = beta.slice(1).map((b, j) => b / standardizer.std[j]!)
  let intercept = beta[0]!
  for (let j = 0; j < coefficients.length; j++) {
    intercept -= coefficients[j]! * standardizer.mean[j]!
  }
  return { intercept, coefficients }
}

function sampleWeights(labels: (0 | 1)[], classWeight: 'balanced' | 'none'): number[] {
  if (classWeight === 'none') return labels.map(() => 1)
  const positives = labels.reduce<number>((sum, label) => sum + label, 0)
  const negatives = labels.length - positives
  // n_c · w_c = n/2 for both classes.
  const positiveWeight = labels.length / (2 * positives)
  const negativeWeight = labels.length / (2 * negatives)
  return labels.map((label) => (label === 1 ? positiveWeight : negativeWeight))
}

function resolveOptions(options: LogisticOptions): Required<LogisticOptions> {
  const { l2, classWeight = 'balanced', maxIterations = 50, tolerance = 1e-8 } = options
  if (!Number.isFinite(l2) || l2 < 0) {
    throw new Error(`fitLogistic: l2 must be a finite number ≥ 0, got ${l2}`)
  }
  if (classWeight !== 'balanced' && classWeight !== 'none') {
    throw new Error(`fitLogistic: classWeight must be 'balanced' or 'none', got ${classWeight}`)
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`fitLogistic: maxIterations must be a positive integer, got ${maxIterations}`)
  }
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw new Error(`fitLogistic: tolerance must be a finite number > 0, got ${tolerance}`)
  }
  return { l2, classWeight, maxIterations, tolerance }
}

function validateTrainingData(rows: number[][], labels: (0 | 1)[]): void {
  if (rows.length !== labels.length) {
    throw new Error(`fitLogistic: ${rows.length} rows but ${labels.length} labels`)
  }
  checkRectangular(rows, 'fitLogistic')
  let positives = 0
  for (const [i, label] of labels.entries()) {
    if (label !== 0 && label !== 1) {
      throw new Error(`fitLogistic: label ${i} is ${String(label)}, expected 0 or 1`)
    }
    positives += label
  }
  if (positives === 0 || positives === labels.length) {
    throw new Error('fitLogistic: labels need at least one 0 and at least one 1')
  }
}

/** Throws unless rows is non-empty, every row has the same width and every value is finite. */
function checkRectangular(rows: number[][], caller: string): number {
  const width = rows[0]?.length
  if (width === undefined) throw new Error(`${caller}: expected at least one row`)
  for (const [i, row] of rows.entries()) {
    if (row.length !== width) {
      throw new Error(`${caller}: row ${i} has ${row.length} features, expected ${width}`)
    }
    const bad = row.findIndex((value) => !Number.isFinite(value))
    if (bad !== -1) throw new Error(`${caller}: row ${i}, feature ${bad} is not a finite number`)
  }
  return width
}
