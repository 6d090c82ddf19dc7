import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { startScoreJob } from '../../../jobs/registry.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { JobSchema, presentJob } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/jobs/score',
    operationId: 'startScoreJob',
    tags: ['jobs'],
    summary: 'Rescore every account in the background',
    description: 'One scoring job runs at a time; a second answers 409 naming the running one.',
    ...apiKey(ctx, 'admin'),
    responses: { 202: json(JobSchema, 'Started'), ...problems(401, 403, 409) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => c.json(presentJob(await startScoreJob(ctx)), 202))
}
