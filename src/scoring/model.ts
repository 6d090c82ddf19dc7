import type { Label } from '../vocabulary.ts'
import { z } from 'zod'
import { contributions, type Term, termSchema } from './additive.ts'
import { type FeatureRecord, type FeatureFamily, familyOf } from './feature-record.ts'
import { FEATURES, type FeatureFacts } from './features.ts'
import { sigmoid } from './logistic.ts'
import { lookalikeSchema } from './lookalike.ts'
import {
  type Effect,
  effectOf,
  intentParams,
  phraseReason,
  type ReasonParams,
  termParams,
} from './reasons/index.ts'

const calibrationBin = z.object({
  from: z.number(),
  to: z.number(),
  count: z.number(),
  meanPredicted: z.number(),
  observedRate: z.number(),
})

/** Held-out figures of one model on one set of examples. */
export const backtestSchema = z.object({
  auc: z.number().nullable(),
  /** 95 % interval of the AUC (Hanley–McNeil, counting accounts). */
  aucInterval: z.tuple([z.number(), z.number()]).nullable().optional(),
  logLoss: z.number().nullable(),
  brier: z.number().nullable(),
  /** Positive rate in the top tenth of scores over the overall rate. */
  lift: z.number().nullable().optional(),
  calibration: z.array(calibrationBin),
})
export type Backtest = z.infer<typeof backtestSchema>

const metricsSchema = backtestSchema.extend({
  /**
   * What the held-out figures are computed on: `grid`, the held-out accounts every
   * `everyDays` while active, as the service scores them; `decisions`, the moments a lead
   * time before each of their outcomes (and quiet accounts), when the grid has no outcome yet.
   */
  population: z.enum(['grid', 'decisions']).optional(),
  /** Held-out examples, and the accounts and positives among them. */
  rows: z.number().int().optional(),
  accounts: z.number().int().optional(),
  positives: z.number().int().optional(),
  /** A plain logistic regression on the raw columns, fitted on the same examples in the same run. */
  baseline: backtestSchema.nullable().optional(),
  /** The same figures on the moments before the held-out accounts' outcomes. */
  decisions: backtestSchema
    .extend({
      rows: z.number().int(),
      positives: z.number().int(),
      baseline: backtestSchema.nullable(),
    })
    .nullable()
    .optional(),
})

const sharedFields = {
  id: z.string().min(1),
  createdAt: z.string(),
  horizonDays: z.number().int().positive(),
  l2: z.number(),
  /** The penalty on categorical levels, when it differs from `l2`. */
  levelL2: z.number().optional(),
  /** Accounts a level needed to be learned on its own. */
  minSupport: z.number().int().optional(),
  trainingWindow: z.object({ from: z.string(), to: z.string() }),
  snapshots: z.number().int(),
  samples: z.object({ positives: z.number().int(), negatives: z.number().int() }).passthrough(),
  metrics: metricsSchema,
}

/** A trained in-market model as stored (versioned JSON). */
export const additiveModelSchema = z.object({
  ...sharedFields,
  kind: z.literal('additive'),
  /** `plain`, `linear` or `binned` (see `additive-fit.ts`): the form cross-validation chose. */
  form: z.enum(['plain', 'linear', 'binned']),
  /** The terms' features, in order: what the reasons are about. */
  features: z.array(z.string()),
  intercept: z.number(),
  /** The log-odds of an average training example: intercept + Σ term means. */
  base: z.number(),
  terms: z.array(termSchema),
  /** Days before each outcome its snapshot is taken. */
  leadDays: z.number().min(0),
  /** Days of signals the behaviour counts cover. */
  behaviourDays: z.number().int().positive(),
  /** The firmographic lookalike of won accounts, for the fit grade when no profile is configured. */
  lookalike: lookalikeSchema.nullable().optional(),
  /** What the trainer noticed: a level that predicts too well, a form that did not converge. */
  warnings: z.array(z.string()).default([]),
  /** Cross-validated log loss of each candidate (form × penalty) on the training accounts. */
  selection: z
    .array(
      z.object({
        form: z.string(),
        l2: z.number(),
        levelL2: z.number().optional(),
        minSupport: z.number().optional(),
        logLoss: z.number(),
        auc: z.number(),
      }),
    )
    .default([]),
})

/** The first format: a logistic regression on the standardized intent features. */
const legacyModelSchema = z.object({
  ...sharedFields,
  kind: z.literal('logistic'),
  features: z.array(z.string()),
  standardizer: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  intercept: z.number(),
  coefficients: z.array(z.number()),
})

export type InMarketModel = z.infer<typeof additiveModelSchema>

/** A model of the first format is the additive model with one linear term per feature. */
function fromLegacy(model: z.infer<typeof legacyModelSchema>): InMarketModel {
  const terms: Term[] = model.features.map((feature, j) => ({
    kind: 'linear',
    feature,
    mean: 0,
    transform: 'identity',
    center: model.standardizer.mean[j]!,
    scale: model.standardizer.std[j]!,
    weight: model.coefficients[j]!,
  }))
  const { standardizer: _s, coefficients: _c, ...rest } = model
  return {
    ...rest,
    kind: 'additive',
    form: 'linear',
    base: model.intercept,
    terms,
    leadDays: 0,
    behaviourDays: 90,
    lookalike: null,
    warnings: [],
    selection: [],
  }
}

export const modelSchema = z
  .discriminatedUnion('kind', [additiveModelSchema, legacyModelSchema])
  .transform((model) => (model.kind === 'logistic' ? fromLegacy(model) : model))

export type { Label } from '../vocabulary.ts'

/** Score bands: hot from 60 (more likely than not, with margin), warm from 30, cold below. */
export const LABEL_THRESHOLDS = { hot: 60, warm: 30 } as const

/** In market: what the leaderboard lists unless asked for every account. */
export const IN_MARKET_LABELS: readonly Label[] = ['hot', 'warm']

export function labelOf(score: number): Label {
  if (score >= LABEL_THRESHOLDS.hot) return 'hot'
  if (score >= LABEL_THRESHOLDS.warm) return 'warm'
  return 'cold'
}

export interface Reason {
  factor: string
  family: FeatureFamily
  /** This factor's share of the log-odds; with the model's base they add up to the total exactly. */
  contribution: number
  effect: Effect
  /** In English; `params` carries its numbers for readers in other languages. */
  text: string
  params: ReasonParams
}

export interface InMarketScore {
  score: number
  probability: number
  label: Label
  /** The model's base log-odds: what an average account would get. */
  base: number
  /** The base as a probability: the model's base rate. */
  baseProbability: number
  logOdds: number
  reasons: Reason[]
  model: string
}

export { sigmoid }

/** The model's log-odds for a record: base + Σ contributions. */
export function modelLogOdds(model: InMarketModel, record: FeatureRecord): number {
  let sum = model.base
  for (const part of contributions(model.terms, record)) sum += part.contribution
  return sum
}

const intentFeatures = new Set<string>(FEATURES)

/**
 * Scores one account. Each term's contribution is its value minus its training average, so
 * the base is the log-odds of an average account and the reasons explain the distance from
 * it, up or down; the log-odds is summed in the order the reasons are listed.
 */
export function scoreWith(
  model: InMarketModel,
  record: FeatureRecord,
  facts: FeatureFacts,
): InMarketScore {
  const byTerm = new Map(model.terms.map((term) => [term.feature, term]))
  const reasons = contributions(model.terms, record)
    .map(({ feature, contribution }) => {
      const params = intentFeatures.has(feature)
        ? intentParams(feature, facts)
        : termParams(byTerm.get(feature)!, record, model.behaviourDays)
      return {
        factor: feature,
        family: familyOf(feature),
        contribution,
        effect: effectOf(contribution),
        text: phraseReason('en', { factor: feature, contribution, params }),
        params,
      }
    })
    .sort(
      (a, b) =>
        Math.abs(b.contribution) - Math.abs(a.contribution) || (a.factor < b.factor ? -1 : 1),
    )
  let logOdds = model.base
  for (const reason of reasons) logOdds += reason.contribution
  const probability = sigmoid(logOdds)
  const score = Math.round(probability * 100)
  return {
    score,
    probability,
    label: labelOf(score),
    base: model.base,
    baseProbability: sigmoid(model.base),
    logOdds,
    reasons,
    model: model.id,
  }
}
