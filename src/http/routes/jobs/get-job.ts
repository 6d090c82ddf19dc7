import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { getJob } from '../../../jobs/registry.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { IdParam, json, problems } from '../../openapi.ts'
import { JobSchema, presentJob } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/jobs/{id}',
    operationId: 'getJob',
    tags: ['jobs'],
    summary: "A job's progress",
    ...apiKey(ctx, 'read'),
    request: { params: IdParam },
    responses: { 200: json(JobSchema, 'The job'), ...problems(401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), (c) => c.json(presentJob(getJob(ctx, c.req.valid('param').id)), 200))
}
