/**
 * Weighted logistic regression with a quadratic penalty, on sparse rows, by damped Newton
 * steps. The design of the additive model is mostly one-hot columns (a bin, a level), so a
 * row has a few dozen non-zeros among hundreds of columns: the Hessian XᵀWX is accumulated
 * from the non-zeros (n·k² instead of n·p²) and solved by a Cholesky factorization of its
 * p × p form. Pure and deterministic.
 */
import { sigmoid } from './logistic.ts'

export interface SparseRow {
  /** Column indices, ascending, without the intercept (column 0 is implicit). */
  index: Int32Array
  value: Float64Array
}

/** ½ βᵀPβ: a ridge on every column, and optional ties between pairs of columns. */
export interface Penalty {
  /** Per column (index 0, the intercept, is never penalized). */
  ridge: Float64Array
  /** Pairs (a, b, strength): adds strength·(β_a − β_b)², so neighbouring bins vary smoothly. */
  ties: [number, number, number][]
}

export interface PenalizedFit {
  beta: Float64Array
  iterations: number
  converged: boolean
}

const MAX_ITERATIONS = 60
const TOLERANCE = 1e-7
const MAX_HALVINGS = 30

function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))
}

function linear(row: SparseRow, beta: Float64Array): number {
  let eta = beta[0]!
  for (let k = 0; k < row.index.length; k++) eta += beta[row.index[k]!]! * row.value[k]!
  return eta
}

function penaltyValue(penalty: Penalty, beta: Float64Array): number {
  let total = 0
  for (let j = 1; j < beta.length; j++) total += penalty.ridge[j]! * beta[j]! * beta[j]!
  for (const [a, b, strength] of penalty.ties) total += strength * (beta[a]! - beta[b]!) ** 2
  return total / 2
}

function objective(
  rows: SparseRow[],
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  penalty: Penalty,
  beta: Float64Array,
): number {
  let total = 0
  for (let i = 0; i < rows.length; i++) {
    const eta = linear(rows[i]!, beta)
    total += weights[i]! * (softplus(eta) - labels[i]! * eta)
  }
  return total + penaltyValue(penalty, beta)
}

/** Fits β (column 0 the intercept) minimizing Σ wᵢ·loss(yᵢ, ηᵢ) + ½ βᵀPβ. */
export function fitPenalizedLogistic(
  rows: SparseRow[],
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  width: number,
  penalty: Penalty,
  start?: Float64Array,
): PenalizedFit {
  let beta: Float64Array = start ? Float64Array.from(start) : new Float64Array(width)
  let current = objective(rows, labels, weights, penalty, beta)
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const step = newtonStep(rows, labels, weights, width, penalty, beta)
    let scale = 1
    let candidate = addScaled(beta, step, scale)
    let value = objective(rows, labels, weights, penalty, candidate)
    const slack = 1e-12 * Math.max(1, Math.abs(current))
    for (let halving = 0; halving < MAX_HALVINGS && value > current + slack; halving++) {
      scale /= 2
      candidate = addScaled(beta, step, scale)
      value = objective(rows, labels, weights, penalty, candidate)
    }
    let change = 0
    for (let j = 0; j < width; j++) change = Math.max(change, Math.abs(candidate[j]! - beta[j]!))
    beta = candidate
    current = value
    if (change < TOLERANCE) return { beta, iterations: iteration, converged: true }
  }
  return { beta, iterations: MAX_ITERATIONS, converged: false }
}

function addScaled(beta: Float64Array, step: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(beta.length)
  for (let j = 0; j < beta.length; j++) out[j] = beta[j]! + scale * step[j]!
  return out
}

/** Solves (XᵀWX + P) Δ = Xᵀw(y − p) − Pβ for the full Newton step. */
function newtonStep(
  rows: SparseRow[],
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  width: number,
  penalty: Penalty,
  beta: Float64Array,
): Float64Array {
  const hessian = new Float64Array(width * width)
  const gradient = new Float64Array(width)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    const p = sigmoid(linear(row, beta))
    const w = weights[i]!
    const curvature = w * Math.max(p * (1 - p), 1e-10)
    const residual = w * (labels[i]! - p)
    gradient[0]! += residual
    hessian[0]! += curvature
    const n = row.index.length
    for (let a = 0; a < n; a++) {
      const ja = row.index[a]!
      const va = row.value[a]!
      const rowOffset = ja * width
      gradient[ja]! += residual * va
      // Lower triangle only (column ≤ row; the intercept is column 0), mirrored below.
      hessian[rowOffset]! += curvature * va
      for (let b = 0; b <= a; b++)
        hessian[rowOffset + row.index[b]!]! += curvature * va * row.value[b]!
    }
  }
  for (let j = 1; j < width; j++) {
    hessian[j * width + j]! += penalty.ridge[j]!
    gradient[j]! -= penalty.ridge[j]! * beta[j]!
  }
  for (const [a, b, strength] of penalty.ties) {
    const [hi, lo] = a > b ? [a, b] : [b, a]
    hessian[a * width + a]! += strength
    hessian[b * width + b]! += strength
    hessian[hi * width + lo]! -= strength
    const pull = strength * (beta[a]! - beta[b]!)
    gradient[a]! -= pull
    gradient[b]! += pull
  }
  for (let i = 0; i < width; i++)
    for (let j = 0; j < i; j++) hessian[j * width + i] = hessian[i * width + j]!
  return solveSymmetric(hessian, gradient, width)
}

/**
 * Cholesky solve of a symmetric positive-definite system, in place on a copy. A tiny jitter
 * is added to the diagonal when rounding makes a pivot non-positive (a column that never
 * varies among the rows of a fold).
 */
export function solveSymmetric(matrix: Float64Array, rhs: Float64Array, n: number): Float64Array {
  const l = new Float64Array(matrix)
  for (let j = 0; j < n; j++) {
    let d = l[j * n + j]!
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2
    if (!(d > 1e-12)) d = 1e-12
    const pivot = Math.sqrt(d)
    l[j * n + j] = pivot
    for (let i = j + 1; i < n; i++) {
      let s = l[i * n + j]!
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!
      l[i * n + j] = s / pivot
    }
  }
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = rhs[i]!
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!
    y[i] = s / l[i * n + i]!
  }
  const x = new Float64Array(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!
    x[i] = s / l[i * n + i]!
  }
  return x
}
