import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { findModel } from '../../../domain/models.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { ModelIdParam, ModelSummarySchema, presentModel } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/models/{id}',
    operationId: 'getModel',
    tags: ['models'],
    summary: 'One model with its backtest report',
    description:
      'Held-out ROC AUC (with a 95 % interval), log loss, Brier score, lift in the top decile and a calibration table, beside a plain logistic regression fitted on the same examples in the same run; the terms with their weights; what the trainer warned about.',
    ...apiKey(ctx, 'read'),
    request: { params: ModelIdParam },
    responses: { 200: json(ModelSummarySchema, 'The model'), ...problems(401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json(presentModel(await findModel(ctx, c.req.valid('param').id)), 200),
  )
}
