import { z } from 'zod'
import type { ModelSummary } from '../../../domain/models.ts'
import type { Term } from '../../../scoring/additive.ts'
import { familyOf } from '../../../scoring/feature-record.ts'
import { additiveModelSchema, sigmoid } from '../../../scoring/model.ts'

export const ModelSummarySchema = z
  .object({
    id: z.string(),
    active: z.boolean(),
    shipped: z.boolean().meta({ description: 'The default model trained on the fixtures.' }),
    createdAt: z.string(),
    form: z.enum(['plain', 'linear', 'binned']).meta({
      description:
        'What cross-validation chose: counts as log(1 + n) and levels (linear), or quantile bins with a smoothness penalty (binned).',
    }),
    horizonDays: z.number().int(),
    leadDays: z.number().meta({ description: 'Days before each outcome its snapshot was taken.' }),
    behaviourDays: z.number().int(),
    trainingWindow: additiveModelSchema.shape.trainingWindow,
    samples: additiveModelSchema.shape.samples,
    metrics: additiveModelSchema.shape.metrics.meta({
      description:
        'Held-out figures (20 % of accounts never trained on), with `baseline`: a plain logistic regression on the raw columns fitted on the same examples in the same run.',
    }),
    baseProbability: z.number().meta({ description: 'The probability of an average account.' }),
    features: z.array(z.string()),
    coefficients: z.array(z.number()).meta({
      description:
        'One per feature: the weight per standard deviation for linear terms, the spread (standard deviation) of the contributions for binned and categorical ones.',
    }),
    terms: z.array(
      z.object({
        feature: z.string(),
        family: z.enum(['intent', 'behaviour', 'firmographic', 'attribute']),
        kind: z.enum(['linear', 'bins', 'levels']),
        spread: z.number().nullable(),
        weights: z.record(z.string(), z.number()).meta({
          description: 'Per level (categorical) or per bin (`< edge`), centred on the mean.',
        }),
      }),
    ),
    fitBasis: z.enum(['lookalike']).nullable().meta({
      description:
        "lookalike: the model learned the won accounts' firmographics for the fit grade.",
    }),
    warnings: z.array(z.string()),
    selection: additiveModelSchema.shape.selection,
  })
  .meta({ id: 'ModelSummary' })

/** A term's weights as a reader sees them: centred, so 0 is the average account. */
function centredWeights(term: Term): Record<string, number> {
  const round = (value: number) => Math.round((value - term.mean) * 1e4) / 1e4
  switch (term.kind) {
    case 'linear':
      return { perStandardDeviation: Math.round(term.weight * 1e4) / 1e4 }
    case 'bins': {
      const entries: [string, number][] = term.weights.map((weight, b) => [
        b < term.edges.length ? `< ${term.edges[b]}` : `≥ ${term.edges.at(-1) ?? '−∞'}`,
        round(weight),
      ])
      if (term.missing !== null) entries.push(['missing', round(term.missing)])
      return Object.fromEntries(entries)
    }
    case 'levels': {
      const entries = Object.entries(term.weights).map(([level, w]) => [level, round(w)])
      if (term.other !== null) entries.push(['(other)', round(term.other)])
      return Object.fromEntries(entries)
    }
  }
}

/** A model as the API shows it: its terms centred, its coefficients per feature. */
export const presentModel = ({
  model,
  active,
  shipped,
}: ModelSummary): z.infer<typeof ModelSummarySchema> => ({
  id: model.id,
  active,
  shipped,
  createdAt: model.createdAt,
  form: model.form,
  horizonDays: model.horizonDays,
  leadDays: model.leadDays,
  behaviourDays: model.behaviourDays,
  trainingWindow: model.trainingWindow,
  samples: model.samples,
  metrics: model.metrics,
  baseProbability: sigmoid(model.base),
  features: model.features,
  coefficients: model.terms.map((term) =>
    term.kind === 'linear' ? term.weight : (term.spread ?? 0),
  ),
  terms: model.terms.map((term) => ({
    feature: term.feature,
    family: familyOf(term.feature),
    kind: term.kind,
    spread: term.spread ?? null,
    weights: centredWeights(term),
  })),
  fitBasis: model.lookalike ? 'lookalike' : null,
  warnings: model.warnings,
  selection: model.selection,
})

/** `{id}`: a model's, as training named it. */
export const ModelIdParam = z.object({ id: z.string().min(1).max(200) })
