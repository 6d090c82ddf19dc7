import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import {
  activateModel,
  listModels,
  type ModelSummary,
  trainAndActivate,
} from '../../domain/models.ts'
import { modelSchema } from '../../scoring/model.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, json, problems } from '../openapi.ts'

const ModelSummarySchema = z
  .object({
    id: z.string(),
    active: z.boolean(),
    shipped: z.boolean().meta({ description: 'The default model trained on the fixtures.' }),
    createdAt: z.string(),
    horizonDays: z.number().int(),
    trainingWindow: modelSchema.shape.trainingWindow,
    samples: modelSchema.shape.samples,
    metrics: modelSchema.shape.metrics,
    features: z.array(z.string()),
    coefficients: z.array(z.number()),
  })
  .meta({ id: 'ModelSummary' })

const present = ({ model, active, shipped }: ModelSummary): z.infer<typeof ModelSummarySchema> => ({
  id: model.id,
  active,
  shipped,
  createdAt: model.createdAt,
  horizonDays: model.horizonDays,
  trainingWindow: model.trainingWindow,
  samples: model.samples,
  metrics: model.metrics,
  features: model.features,
  coefficients: model.coefficients,
})

const TrainBody = z
  .strictObject({
    asOf: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'Train on what was known by then (default now).' }),
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
      method: 'post',
      path: '/v1/models/train',
      tags: ['models'],
      summary: 'Train a model on the outcomes in the database',
      description:
        'Point-in-time training: features at snapshot dates, labels from the following horizon. ' +
        'Reports holdout ROC AUC, log loss and a calibration table; activates the model unless it ' +
        'is worse than the active one on the same holdout (or `force`). With too few outcomes the ' +
        'active model stays and the answer says why.',
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
      const asOf = body.asOf === undefined ? ctx.clock.now() : Date.parse(body.asOf)
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
