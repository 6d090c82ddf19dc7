/**
 * Fitting the additive model: which features and levels are learned from (the design), their
 * encoding as sparse columns, and the penalized fit that turns into terms (`additive.ts`).
 *
 * Forms, from the plainest:
 * - `plain`: a textbook logistic regression on the raw columns: every number as it is
 *   (standardized, a missing value at the mean), every categorical level seen once or more as
 *   its own 0/1 column. It is the baseline every trained model is reported against.
 * - `linear`: counts enter as log(1 + n); levels need support from `minSupport` accounts,
 *   rarer ones pool into "other"; numbers that can be missing are binned, with a bin of
 *   their own for "missing".
 * - `binned`: every number is a step function over quantile bins whose neighbours are tied
 *   together by a smoothness penalty (an explainable-boosting-style shape, fitted at once).
 *
 * Examples are turned into a columnar table once; cross-validation fits many designs on
 * subsets of its rows.
 */
import {
  applyTransform,
  binOf,
  type LevelsTerm,
  levelHash,
  type Term,
  type Transform,
} from './additive.ts'
import { COUNTED_GROUPS, type FeatureRecord, familyOf, NO_VALUE } from './feature-record.ts'
import { FEATURES } from './features.ts'
import { fitPenalizedLogistic, type Penalty, type SparseRow } from './penalized-logistic.ts'

export type ModelForm = 'plain' | 'linear' | 'binned'

export interface FitExample {
  /** Support is counted in accounts, not snapshots: one busy account is not a pattern. */
  domain: string
  label: 0 | 1
  /** Sampling weight (an outcome 1; a quiet account's snapshots 1 together). */
  weight: number
  record: FeatureRecord
}

export interface FitOptions {
  form: ModelForm
  /** Ridge on the numbers' weights; bins are also tied to their neighbours with this strength. */
  l2: number
  /** Ridge on the categorical levels' weights (default: `l2`): levels and numbers shrink differently. */
  levelL2?: number
  /** Accounts a level (or a bin) needs to be learned on its own. */
  minSupport: number
  /** Most levels one feature keeps; the rest pool into "other". */
  maxLevels: number
  /** Quantile bins per number. */
  bins: number
}

export const DEFAULT_FIT_OPTIONS: Omit<FitOptions, 'form' | 'l2'> = {
  minSupport: 5,
  maxLevels: 200,
  bins: 8,
}

/** The examples by column: numbers as Float64Arrays (NaN: missing), levels per row. */
export interface Table {
  rows: number
  domains: string[]
  labels: Float64Array
  weights: Float64Array
  numeric: Map<string, Float64Array>
  /** Per feature, per row: the levels present with their counts (single categories resolved to "(none)"). */
  levels: Map<string, { single: boolean; cells: [string, number][][] }>
}

export function toTable(examples: FitExample[]): Table {
  // One pass over each record's own entries: looking every feature up in every record costs
  // a microsecond a miss on these dictionary-shaped objects.
  const numeric = new Map<string, Float64Array>()
  const raw = new Map<string, [string, number][][]>()
  examples.forEach((example, i) => {
    for (const name in example.record.numeric) {
      let column = numeric.get(name)
      if (!column) {
        column = new Float64Array(examples.length).fill(Number.NaN)
        numeric.set(name, column)
      }
      const value = example.record.numeric[name]
      if (value !== null && value !== undefined && Number.isFinite(value)) column[i] = value
    }
    for (const name in example.record.levels) {
      let cells = raw.get(name)
      if (!cells) {
        cells = Array.from({ length: examples.length }, () => [])
        raw.set(name, cells)
      }
      for (const level in example.record.levels[name]) {
        const count = example.record.levels[name]![level]!
        if (count > 0) cells[i]!.push([level, count])
      }
    }
  })
  const levels: Table['levels'] = new Map()
  for (const [name, cells] of raw) {
    const single = cells.every((c) => c.length <= 1)
    // A single-valued category with no value reads as the level "(none)": missing says something.
    if (single) for (const c of cells) if (c.length === 0) c.push([NO_VALUE, 1])
    levels.set(name, { single, cells })
  }
  return {
    rows: examples.length,
    domains: examples.map((example) => example.domain),
    labels: Float64Array.from(examples, (example) => example.label),
    weights: Float64Array.from(examples, (example) => example.weight),
    numeric,
    levels,
  }
}

interface NumericColumns {
  feature: string
  kind: 'linear' | 'bins'
  transform: Transform
  center: number
  scale: number
  edges: number[]
  /** Column of the "missing" bin, when the feature can be missing. */
  missingColumn: number | null
  offset: number
}

interface LevelColumns {
  feature: string
  levels: string[]
  /** Rare levels read as "other", the most supported first. */
  pooled: string[]
  /** Column of each level, relative to `offset`. */
  index: Map<string, number>
  other: boolean
  amount: 'one' | 'log1p'
  single: boolean
  offset: number
}

export interface Design {
  numeric: NumericColumns[]
  levels: LevelColumns[]
  /** Columns including the intercept (column 0). */
  width: number
}

/** Rare levels remembered as "other" per feature; rarer ones still are read as unseen (neutral). */
const MAX_POOLED = 1000

const intentOrder = new Map<string, number>(FEATURES.map((name, index) => [name, index]))
const FAMILY_ORDER = ['intent', 'behaviour', 'firmographic', 'attribute']

/** Intent features first in their documented order, then by family and name. */
export function compareFeatures(a: string, b: string): number {
  const family = FAMILY_ORDER.indexOf(familyOf(a)) - FAMILY_ORDER.indexOf(familyOf(b))
  if (family !== 0) return family
  const ia = intentOrder.get(a)
  const ib = intentOrder.get(b)
  if (ia !== undefined && ib !== undefined) return ia - ib
  return a < b ? -1 : a > b ? 1 : 0
}

function transformOf(feature: string, form: ModelForm): Transform {
  if (form === 'plain') return 'identity'
  return /^(signals|minutes)\./.test(feature) || feature === 'age_days' ? 'log1p' : 'identity'
}

/** The design learned from the table's rows `subset` (all rows when absent). */
export function learnDesign(table: Table, options: FitOptions, subset?: Int32Array): Design {
  const rows = subset ?? Int32Array.from({ length: table.rows }, (_, i) => i)
  let width = 1
  const numeric: NumericColumns[] = []
  for (const feature of [...table.numeric.keys()].sort(compareFeatures)) {
    const columns = numericColumns(table, rows, feature, options, width)
    if (columns) {
      numeric.push(columns.spec)
      width += columns.width
    }
  }
  const levels: LevelColumns[] = []
  for (const feature of [...table.levels.keys()].sort(compareFeatures)) {
    const spec = levelColumns(table, rows, feature, options, width)
    if (spec) {
      levels.push(spec)
      width += spec.levels.length + (spec.other ? 1 : 0)
    }
  }
  return { numeric, levels, width }
}

function numericColumns(
  table: Table,
  rows: Int32Array,
  feature: string,
  options: FitOptions,
  offset: number,
): { spec: NumericColumns; width: number } | null {
  const transform = transformOf(feature, options.form)
  const column = table.numeric.get(feature)!
  let missing = 0
  let low = Number.POSITIVE_INFINITY
  let high = Number.NEGATIVE_INFINITY
  for (const i of rows) {
    const raw = column[i]!
    if (Number.isNaN(raw)) missing += table.weights[i]!
    else {
      if (raw < low) low = raw
      if (raw > high) high = raw
    }
  }
  if (low > high) return null
  if (low === high && (missing === 0 || options.form === 'plain')) return null
  const values: { value: number; weight: number; domain: string }[] = []
  for (const i of rows) {
    const raw = column[i]!
    if (!Number.isNaN(raw))
      values.push({
        value: applyTransform(transform, raw),
        weight: table.weights[i]!,
        domain: table.domains[i]!,
      })
  }
  const { mean, std } = weightedMoments(values)
  const binned = options.form === 'binned' || (options.form === 'linear' && missing > 0)
  const scale = std || 1
  if (!binned) {
    return {
      spec: {
        feature,
        kind: 'linear',
        transform,
        center: mean,
        scale,
        edges: [],
        missingColumn: null,
        offset,
      },
      width: 1,
    }
  }
  const edges = quantileEdges(values, options.bins, options.minSupport)
  const hasMissing = missing > 0
  const bins = edges.length + 1
  if (bins === 1 && !hasMissing) return null
  return {
    spec: {
      feature,
      kind: 'bins',
      transform,
      center: mean,
      scale,
      edges,
      missingColumn: hasMissing ? offset + bins : null,
      offset,
    },
    width: bins + (hasMissing ? 1 : 0),
  }
}

function weightedMoments(values: { value: number; weight: number }[]) {
  let total = 0
  let sum = 0
  for (const item of values) {
    total += item.weight
    sum += item.weight * item.value
  }
  const mean = sum / total
  let variance = 0
  for (const item of values) variance += item.weight * (item.value - mean) ** 2
  return { mean, std: Math.sqrt(variance / total) }
}

/**
 * Bin edges at (weighted) quantiles of the distinct values, each bin holding at least
 * `minSupport` accounts: a count that is zero for most accounts keeps zero as a bin of its own.
 */
export function quantileEdges(
  values: { value: number; weight: number; domain: string }[],
  bins: number,
  minSupport: number,
): number[] {
  const sorted = [...values].sort((a, b) => a.value - b.value)
  const total = sorted.reduce((sum, item) => sum + item.weight, 0)
  // Distinct accounts at or above each position, to keep the last bin supported.
  const accountsAbove = new Int32Array(sorted.length + 1)
  const seen = new Set<string>()
  for (let i = sorted.length - 1; i >= 0; i--) {
    seen.add(sorted[i]!.domain)
    accountsAbove[i] = seen.size
  }
  const edges: number[] = []
  let mass = 0
  let binAccounts = new Set<string>()
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i]!
    mass += item.weight
    binAccounts.add(item.domain)
    const next = sorted[i + 1]
    if (!next || next.value === item.value) continue
    const target = (total * (edges.length + 1)) / bins
    if (
      mass >= target &&
      binAccounts.size >= minSupport &&
      accountsAbove[i + 1]! >= minSupport &&
      edges.length < bins - 1
    ) {
      edges.push(next.value)
      binAccounts = new Set()
    }
  }
  return edges
}

function levelColumns(
  table: Table,
  rows: Int32Array,
  feature: string,
  options: FitOptions,
  offset: number,
): LevelColumns | null {
  const { single, cells } = table.levels.get(feature)!
  const accounts = new Map<string, Set<string>>()
  for (const i of rows) {
    for (const [level] of cells[i]!) {
      let set = accounts.get(level)
      if (!set) {
        set = new Set()
        accounts.set(level, set)
      }
      set.add(table.domains[i]!)
    }
  }
  const minSupport = options.form === 'plain' ? 1 : options.minSupport
  const ranked = [...accounts.entries()]
    .map(([level, set]) => ({ level, support: set.size }))
    .sort((a, b) => b.support - a.support || (a.level < b.level ? -1 : 1))
  const kept = ranked
    .filter((item) => item.support >= minSupport)
    .slice(0, options.form === 'plain' ? Number.POSITIVE_INFINITY : options.maxLevels)
  const keptSet = new Set(kept.map((item) => item.level))
  const pooled = new Set<string>()
  for (const item of ranked)
    if (!keptSet.has(item.level)) for (const domain of accounts.get(item.level)!) pooled.add(domain)
  const other = options.form !== 'plain' && pooled.size >= minSupport
  const states = kept.length + (other ? 1 : 0)
  // One level for everyone (and nothing else), or only "other" for a category, says nothing.
  const everyone = single && kept.length === 1 && !other && pooled.size === 0
  if (states === 0 || everyone || (single && kept.length === 0)) return null
  const levels = kept.map((item) => item.level).sort()
  return {
    feature,
    levels,
    pooled: other
      ? ranked
          .filter((item) => !keptSet.has(item.level))
          .slice(0, MAX_POOLED)
          .map((item) => levelHash(item.level))
      : [],
    index: new Map(levels.map((level, k) => [level, k])),
    other,
    amount: COUNTED_GROUPS.has(feature) && options.form !== 'plain' ? 'log1p' : 'one',
    single,
    offset,
  }
}

/** Row i of the table as a sparse row of the design's columns (the intercept is implicit). */
export function encode(design: Design, table: Table, i: number): SparseRow {
  const cells: [number, number][] = []
  for (const spec of design.numeric) {
    const raw = table.numeric.get(spec.feature)![i]!
    const missing = Number.isNaN(raw)
    if (spec.kind === 'linear') {
      if (!missing) {
        const value = (applyTransform(spec.transform, raw) - spec.center) / spec.scale
        if (value !== 0) cells.push([spec.offset, value])
      }
    } else if (missing) {
      if (spec.missingColumn !== null) cells.push([spec.missingColumn, 1])
    } else {
      cells.push([spec.offset + binOf(spec.edges, applyTransform(spec.transform, raw)), 1])
    }
  }
  for (const spec of design.levels) {
    let otherAmount = 0
    for (const [level, count] of table.levels.get(spec.feature)!.cells[i]!) {
      const amount = spec.amount === 'one' ? 1 : Math.log1p(count)
      const k = spec.index.get(level)
      if (k !== undefined) cells.push([spec.offset + k, amount])
      else if (spec.other) otherAmount += amount
    }
    if (otherAmount > 0) cells.push([spec.offset + spec.levels.length, otherAmount])
  }
  cells.sort((a, b) => a[0] - b[0])
  return {
    index: Int32Array.from(cells.map((cell) => cell[0])),
    value: Float64Array.from(cells.map((cell) => cell[1])),
  }
}

function penaltyOf(design: Design, l2: number, levelL2: number): Penalty {
  const ridge = new Float64Array(design.width).fill(l2)
  ridge[0] = 0
  for (const spec of design.levels)
    ridge.fill(levelL2, spec.offset, spec.offset + spec.levels.length + (spec.other ? 1 : 0))
  const ties: [number, number, number][] = []
  for (const spec of design.numeric) {
    if (spec.kind !== 'bins') continue
    for (let b = 0; b < spec.edges.length; b++)
      ties.push([spec.offset + b, spec.offset + b + 1, l2])
  }
  return { ridge, ties }
}

export interface AdditiveFit {
  form: ModelForm
  l2: number
  levelL2: number
  intercept: number
  terms: Term[]
  converged: boolean
}

/** A design learned and its rows encoded, ready to be fitted with any penalty. */
export interface Prepared {
  options: FitOptions
  design: Design
  encoded: SparseRow[]
  labels: Float64Array
  weights: Float64Array
}

/** Learns the design on the table's rows `subset` (all when absent) and encodes them. */
export function prepareFit(table: Table, options: FitOptions, subset?: Int32Array): Prepared {
  const rows = subset ?? Int32Array.from({ length: table.rows }, (_, i) => i)
  const design = learnDesign(table, options, rows)
  return {
    options,
    design,
    encoded: Array.from(rows, (i) => encode(design, table, i)),
    labels: Float64Array.from(rows, (i) => table.labels[i]!),
    weights: normalizedWeights(Float64Array.from(rows, (i) => table.weights[i]!)),
  }
}

/**
 * Fits a prepared design with a penalty, from `start` when given (the solution for a nearby
 * penalty converges in a few steps), into terms centred on their weighted means.
 */
export function fitPrepared(
  prepared: Prepared,
  penalty: { l2: number; levelL2?: number },
  start?: Float64Array,
): AdditiveFit & { beta: Float64Array } {
  const { design, encoded, labels, weights } = prepared
  const levelL2 = penalty.levelL2 ?? penalty.l2
  const fit = fitPenalizedLogistic(
    encoded,
    labels,
    weights,
    design.width,
    penaltyOf(design, penalty.l2, levelL2),
    start,
  )
  const { terms, owner } = termsOf(design, fit.beta)
  const moments = termMoments(terms.length, owner, encoded, weights, fit.beta)
  return {
    form: prepared.options.form,
    l2: penalty.l2,
    levelL2,
    intercept: fit.beta[0]!,
    terms: terms.map((term, t) => ({
      ...term,
      mean: moments[t]!.mean,
      spread: moments[t]!.spread,
    })),
    converged: fit.converged,
    beta: fit.beta,
  }
}

/**
 * Fits the form on the table's rows `subset` (or on examples): design, penalized fit, then
 * terms centred on their weighted means over those rows.
 */
export function fitAdditive(
  data: FitExample[] | Table,
  options: FitOptions,
  subset?: Int32Array,
): AdditiveFit {
  const table = Array.isArray(data) ? toTable(data) : data
  const { beta: _beta, ...fit } = fitPrepared(prepareFit(table, options, subset), options)
  return fit
}

/** Each term's weighted mean and standard deviation over the fitted rows, from their columns. */
function termMoments(
  count: number,
  owner: Int32Array,
  encoded: SparseRow[],
  weights: Float64Array,
  beta: Float64Array,
): { mean: number; spread: number }[] {
  const sum = new Float64Array(count)
  const squares = new Float64Array(count)
  const value = new Float64Array(count)
  let total = 0
  encoded.forEach((row, i) => {
    value.fill(0)
    for (let k = 0; k < row.index.length; k++)
      value[owner[row.index[k]!]!]! += beta[row.index[k]!]! * row.value[k]!
    const w = weights[i]!
    total += w
    for (let t = 0; t < count; t++) {
      sum[t]! += w * value[t]!
      squares[t]! += w * value[t]! * value[t]!
    }
  })
  return Array.from({ length: count }, (_, t) => {
    const mean = sum[t]! / total
    return { mean, spread: Math.sqrt(Math.max(0, squares[t]! / total - mean * mean)) }
  })
}

/** Weights scaled to average 1, so the penalty means the same whatever the sampling. */
function normalizedWeights(weights: Float64Array): Float64Array {
  let total = 0
  for (const w of weights) total += w
  return weights.map((w) => (w * weights.length) / total)
}

/** The terms in the design's order, and which term owns each column. */
function termsOf(design: Design, beta: Float64Array): { terms: Term[]; owner: Int32Array } {
  const owner = new Int32Array(design.width).fill(-1)
  const terms: Term[] = []
  for (const spec of design.numeric) {
    const t = terms.length
    if (spec.kind === 'linear') {
      owner[spec.offset] = t
      terms.push({
        kind: 'linear',
        feature: spec.feature,
        mean: 0,
        transform: spec.transform,
        center: spec.center,
        scale: spec.scale,
        weight: beta[spec.offset]!,
      })
      continue
    }
    const bins = spec.edges.length + 1
    for (let b = 0; b < bins; b++) owner[spec.offset + b] = t
    if (spec.missingColumn !== null) owner[spec.missingColumn] = t
    terms.push({
      kind: 'bins',
      feature: spec.feature,
      mean: 0,
      transform: spec.transform,
      edges: spec.edges,
      weights: Array.from({ length: bins }, (_, b) => beta[spec.offset + b]!),
      missing: spec.missingColumn === null ? null : beta[spec.missingColumn]!,
    })
  }
  for (const spec of design.levels) {
    const t = terms.length
    const columns = spec.levels.length + (spec.other ? 1 : 0)
    for (let k = 0; k < columns; k++) owner[spec.offset + k] = t
    const term: LevelsTerm = {
      kind: 'levels',
      feature: spec.feature,
      mean: 0,
      amount: spec.amount,
      weights: Object.fromEntries(spec.levels.map((level, k) => [level, beta[spec.offset + k]!])),
      other: spec.other ? beta[spec.offset + spec.levels.length]! : null,
      ...(spec.other ? { pooled: spec.pooled } : {}),
      single: spec.single,
    }
    terms.push(term)
  }
  // Terms in the documented feature order; the owners follow them.
  const order = terms
    .map((_, t) => t)
    .sort((a, b) => compareFeatures(terms[a]!.feature, terms[b]!.feature))
  const rank = new Int32Array(terms.length)
  order.forEach((t, r) => {
    rank[t] = r
  })
  return {
    terms: order.map((t) => terms[t]!),
    owner: owner.map((t) => (t < 0 ? 0 : rank[t]!)),
  }
}
