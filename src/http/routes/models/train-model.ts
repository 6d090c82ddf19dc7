import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { trainAndActivate } from '../../../domain/models.ts'
import { dateOrDateTime } from '../../as-of.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, jsonBody, problems } from '../../openapi.ts'
import { ModelSummarySchema, presentModel } from './schemas.ts'

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

export const route = (ctx: Ctx) =>
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
    ...apiKey(ctx, 'admin'),
    request: { body: jsonBody(TrainBody) },
    responses: {
      200: json(TrainResult, 'Trained or not, and why'),
      ...problems(400, 401, 403, 415),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
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
        model: presentModel({ model: outcome.model, active: outcome.activated, shipped: false }),
        comparedWith: outcome.comparedWith,
      },
      200,
    )
  })
}
