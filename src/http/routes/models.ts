import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import {
  activateModel,
  findModel,
  listModels,
  type ModelSummary,
  trainAndActivate,
} from '../../domain/models.ts'
import type { Term } from '../../scoring/additive.ts'
import { familyOf } from '../../scoring/feature-record.ts'
import { additiveModelSchema, sigmoid } from '../../scoring/model.ts'
import { dateOrDateTime } from '../as-of.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, json, problems } from '../openapi.ts'

const ModelSummarySchema = z
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

const present = ({ model, active, shipped }: ModelSummary): z.infer<typeof ModelSummarySchema> => ({
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

const TrainBody = z
  .strictObject({
    asOf: dateOrDateTime.optional().meta({
      description: 'Train on what was known by then (a date means 00:00 UTC; default now).',
    }),
    horizonDays: z.number().int().min(7).max(365).default(90),
    force: z
      .boolean()
      .default(false)
      .meta({ description: 'Activate even when worse than the active model.' }),
    activate: z
      .boolean()
      .default(true)
      .meta({ description: 'false: save the model without activating it.' }),
  })
  .meta({ id: 'TrainRequest' })

const TrainResult = z
  .object({
    trained: z.boolean(),
    activated: z.boolean(),
    reason: z.string(),
    model: ModelSummarySchema.optional(),
    comparedWith: z.object({ id: z.string(), auc: z.number().nullable() }).optional(),
  })
  .meta({ id: 'TrainResult' })

export function modelRoutes(ctx: Ctx) {
  const app = createRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/models',
      operationId: 'listModels',
      tags: ['models'],
      summary: 'In-market models with their holdout metrics',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      responses: {
        200: json(z.object({ data: z.array(ModelSummarySchema) }), 'Models, newest first'),
        ...problems(401),
      },
    }),
    async (c) => c.json({ data: (await listModels(ctx)).map(present) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/models/{id}',
      operationId: 'getModel',
      tags: ['models'],
      summary: 'One model with its backtest report',
      description:
        'Held-out ROC AUC (with a 95 % interval), log loss, Brier score, lift in the top decile and a calibration table, beside a plain logistic regression fitted on the same examples in the same run; the terms with their weights; what the trainer warned about.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { params: z.object({ id: z.string().min(1).max(200) }) },
      responses: { 200: json(ModelSummarySchema, 'The model'), ...problems(401, 404) },
    }),
    async (c) => c.json(present(await findModel(ctx, c.req.valid('param').id)), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/models/train',
      operationId: 'trainModel',
      tags: ['models'],
      summary: 'Train a model on the outcomes in the database',
      description:
        'Point-in-time training: snapshots a lead time before each won, opportunity or lost ' +
        'outcome and at regular dates for accounts that stayed quiet; features as of each ' +
        'snapshot only. Reports the held-out backtest beside a plain logistic baseline; activates ' +
        'the model unless it is worse than the active one on the same holdout (or `force`). With ' +
        'too few outcomes the active model stays and the answer says why.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: { body: { required: true, content: { 'application/json': { schema: TrainBody } } } },
      responses: {
        200: json(TrainResult, 'Trained or not, and why'),
        ...problems(400, 401, 403, 415),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const asOf = body.asOf ?? ctx.clock.now()
      const outcome = await trainAndActivate(ctx, {
        asOf,
        horizonDays: body.horizonDays,
        force: body.force,
        activate: body.activate,
      })
      if (!outcome.trained)
        return c.json({ trained: false, activated: false, reason: outcome.reason }, 200)
      return c.json(
        {
          trained: true,
          activated: outcome.activated,
          reason: outcome.reason,
          model: present({ model: outcome.model, active: outcome.activated, shipped: false }),
          comparedWith: outcome.comparedWith,
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/models/{id}/activate',
      operationId: 'activateModel',
      tags: ['models'],
      summary: 'Make a model the one that scores (roll back or forward)',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: { params: z.object({ id: z.string().min(1).max(200) }) },
      responses: { 200: json(ModelSummarySchema, 'Now active'), ...problems(401, 403, 404) },
    }),
    async (c) => c.json(present(await activateModel(ctx, c.req.valid('param').id)), 200),
  )

  return app
}
