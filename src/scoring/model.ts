import { z } from 'zod'
import { FEATURES, type FeatureFacts, type FeatureName } from './features.ts'
import { type ReasonParams, reasonParams, reasonText } from './reasons.ts'

/** A trained in-market model as stored (versioned JSON). */
export const modelSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('logistic'),
  createdAt: z.string(),
  features: z.array(z.string()),
  standardizer: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  intercept: z.number(),
  coefficients: z.array(z.number()),
  horizonDays: z.number().int().positive(),
  l2: z.number(),
  trainingWindow: z.object({ from: z.string(), to: z.string() }),
  snapshots: z.number().int(),
  samples: z.object({ positives: z.number().int(), negatives: z.number().int() }),
  metrics: z.object({
    auc: z.number().nullable(),
    logLoss: z.number().nullable(),
    brier: z.number().nullable(),
    calibration: z.array(
      z.object({
        from: z.number(),
        to: z.number(),
        count: z.number(),
        meanPredicted: z.number(),
        observedRate: z.number(),
      }),
    ),
  }),
})

export type InMarketModel = z.infer<typeof modelSchema>

export type Label = 'hot' | 'warm' | 'cold'

/** Score bands: hot from 60 (more likely than not, with margin), warm from 30, cold below. */
export const LABEL_THRESHOLDS = { hot: 60, warm: 30 } as const

export function labelOf(score: number): Label {
  if (score >= LABEL_THRESHOLDS.hot) return 'hot'
  if (score >= LABEL_THRESHOLDS.warm) return 'warm'
  return 'cold'
}

export interface Reason {
  factor: FeatureName
  /** This factor's share of the log-odds; with the model's base they add up to the total exactly. */
  contribution: number
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
  logOdds: number
  reasons: Reason[]
  model: string
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
}

/**
 * Scores one feature vector. Features are standardized, so each contribution is the
 * coefficient times how far the account is from the training average: the base is the
 * log-odds of an average account and the reasons explain the distance from it.
 */
export function scoreWith(
  model: InMarketModel,
  vector: number[],
  facts: FeatureFacts,
): InMarketScore {
  if (model.features.join() !== FEATURES.join()) {
    throw new Error(
      `model ${model.id} was trained on other features (${model.features.join(', ')})`,
    )
  }
  const contributions = FEATURES.map((factor, j) => {
    const standardized = (vector[j]! - model.standardizer.mean[j]!) / model.standardizer.std[j]!
    return { factor, contribution: model.coefficients[j]! * standardized }
  })
  const logOdds = model.intercept + contributions.reduce((sum, item) => sum + item.contribution, 0)
  const probability = sigmoid(logOdds)
  const score = Math.round(probability * 100)
  const reasons = contributions
    .map((item) => ({
      ...item,
      text: reasonText(item.factor, item.contribution, facts),
      params: reasonParams(item.factor, facts),
    }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
  return {
    score,
    probability,
    label: labelOf(score),
    base: model.intercept,
    logOdds,
    reasons,
    model: model.id,
  }
}
