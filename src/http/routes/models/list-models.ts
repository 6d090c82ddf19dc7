import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { listModels } from '../../../domain/models.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { ModelSummarySchema, presentModel } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/models',
    operationId: 'listModels',
    tags: ['models'],
    summary: 'In-market models with their holdout metrics',
    ...apiKey(ctx, 'read'),
    responses: {
      200: json(z.object({ data: z.array(ModelSummarySchema) }), 'Models, newest first'),
      ...problems(401),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json({ data: (await listModels(ctx)).map(presentModel) }, 200),
  )
}
