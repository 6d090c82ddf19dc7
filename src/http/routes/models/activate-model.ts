import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { activateModel } from '../../../domain/models.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { ModelIdParam, ModelSummarySchema, presentModel } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/models/{id}/activate',
    operationId: 'activateModel',
    tags: ['models'],
    summary: 'Make a model the one that scores (roll back or forward)',
    ...apiKey(ctx, 'admin'),
    request: { params: ModelIdParam },
    responses: { 200: json(ModelSummarySchema, 'Now active'), ...problems(401, 403, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json(presentModel(await activateModel(ctx, c.req.valid('param').id)), 200),
  )
}
