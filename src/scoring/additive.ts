import { createHash } from 'node:crypto'
import { z } from 'zod'
import { type FeatureRecord, NO_VALUE } from './feature-record.ts'

/**
 * An additive model: log-odds = intercept + Σ term(x). Each term reads one feature of a
 * `FeatureRecord` and is centred on its training mean, so that
 *
 *   log-odds = base + Σ contribution,   base = intercept + Σ mean,   contribution = term(x) − mean
 *
 * holds exactly: `base` is the log-odds of an average training example and each contribution
 * says how far this account's value of that one feature moves it, up or down.
 */
const transform = z.enum(['identity', 'log1p'])
export type Transform = z.infer<typeof transform>

const common = {
  feature: z.string().min(1),
  /** The term's average over the (weighted) training examples. */
  mean: z.number(),
  /** Its standard deviation there: how much this feature moves scores, whatever its kind. */
  spread: z.number().min(0).optional(),
}

/** weight × (transform(x) − center) / scale. A missing value counts as the centre (0). */
const linearTerm = z.object({
  kind: z.literal('linear'),
  ...common,
  transform,
  center: z.number(),
  scale: z.number().positive(),
  weight: z.number(),
})

/**
 * A step function: bin i holds transform(x) < edges[i] (the last bin everything above), each
 * with its own weight; a missing value has its own weight (0 when training saw none).
 */
const binsTerm = z.object({
  kind: z.literal('bins'),
  ...common,
  transform,
  edges: z.array(z.number()),
  weights: z.array(z.number()).min(1),
  missing: z.number().nullable(),
})

/**
 * Per-level weights. `amount` 'one' counts a level once (a category); 'log1p' by
 * log(1 + its count) (counted groups). Training levels too rare to learn pool into `other`
 * (`pooled` lists them); a level unseen in training adds nothing, so it leaves a single-valued
 * category at its mean.
 */
const levelsTerm = z.object({
  kind: z.literal('levels'),
  ...common,
  amount: z.enum(['one', 'log1p']),
  weights: z.record(z.string(), z.number()),
  other: z.number().nullable(),
  /**
   * The rare levels training saw and pooled into `other` (the most supported, up to a limit),
   * as hashes (`levelHash`): a level seen on one account can be a person's name or address,
   * and a model is readable by any key and outlives erasures.
   */
  pooled: z.array(z.string()).optional(),
  /** True for single-valued categories, where an unseen level is neutral (its contribution 0). */
  single: z.boolean(),
})

export const termSchema = z.discriminatedUnion('kind', [linearTerm, binsTerm, levelsTerm])
export type Term = z.infer<typeof termSchema>
export type LinearTerm = z.infer<typeof linearTerm>
export type BinsTerm = z.infer<typeof binsTerm>
export type LevelsTerm = z.infer<typeof levelsTerm>

/** A level's stable, non-reversible-at-a-glance stand-in: 64 bits of its SHA-256. */
export function levelHash(level: string): string {
  return createHash('sha256').update(level).digest('hex').slice(0, 16)
}

export function applyTransform(kind: Transform, value: number): number {
  return kind === 'log1p' ? Math.log1p(Math.max(0, value)) : value
}

/** Index of the bin holding a transformed value. */
export function binOf(edges: readonly number[], value: number): number {
  let bin = 0
  while (bin < edges.length && value >= edges[bin]!) bin++
  return bin
}

/** What a levels term reads: the known levels present, and whether any was unknown. */
export interface LevelReading {
  known: { level: string; amount: number; weight: number }[]
  other: { level: string; amount: number }[]
  unseen: { level: string; amount: number }[]
}

/** A single-valued category with no value reads as the level "(none)": missing says something. */
export function presentLevels(
  record: FeatureRecord,
  feature: string,
  single: boolean,
): [string, number][] {
  const entries = Object.entries(record.levels[feature] ?? {}).filter(([, n]) => n > 0)
  return single && entries.length === 0 ? [[NO_VALUE, 1]] : entries
}

export function readLevels(term: LevelsTerm, record: FeatureRecord): LevelReading {
  const reading: LevelReading = { known: [], other: [], unseen: [] }
  for (const [level, count] of presentLevels(record, term.feature, term.single)) {
    const amount = term.amount === 'one' ? 1 : Math.log1p(count)
    const weight = term.weights[level]
    const pooled =
      term.other !== null && (term.pooled === undefined || term.pooled.includes(levelHash(level)))
    if (weight !== undefined) reading.known.push({ level, amount, weight })
    else if (pooled) reading.other.push({ level, amount })
    else reading.unseen.push({ level, amount })
  }
  return reading
}

/** The term's value for a record, before centring. */
export function termValue(term: Term, record: FeatureRecord): number {
  switch (term.kind) {
    case 'linear': {
      const raw = record.numeric[term.feature]
      // Missing counts as the centre, as the fit saw it.
      if (raw === null || raw === undefined || !Number.isFinite(raw)) return 0
      return (term.weight * (applyTransform(term.transform, raw) - term.center)) / term.scale
    }
    case 'bins': {
      const raw = record.numeric[term.feature]
      if (raw === null || raw === undefined || !Number.isFinite(raw)) return term.missing ?? 0
      return term.weights[binOf(term.edges, applyTransform(term.transform, raw))]!
    }
    case 'levels': {
      const reading = readLevels(term, record)
      // A single-valued category whose only level is new to the model: no evidence either way.
      if (term.single && reading.known.length === 0 && reading.other.length === 0) return term.mean
      let sum = 0
      for (const item of reading.known) sum += item.weight * item.amount
      for (const item of reading.other) sum += (term.other ?? 0) * item.amount
      return sum
    }
  }
}

export interface Contribution {
  feature: string
  contribution: number
}

/** Each term's contribution (value − mean), in the model's term order. */
export function contributions(terms: readonly Term[], record: FeatureRecord): Contribution[] {
  return terms.map((term) => ({
    feature: term.feature,
    contribution: termValue(term, record) - term.mean,
  }))
}

/**
 * The log-odds as the base plus the contributions, summed in this order: the same sum the
 * explanation shows, so that "base + Σ contributions = log-odds" holds to the last bit.
 */
export function logOddsOf(base: number, parts: readonly Contribution[]): number {
  let sum = base
  for (const part of parts) sum += part.contribution
  return sum
}
