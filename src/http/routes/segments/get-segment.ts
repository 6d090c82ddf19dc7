import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { getSegment } from '../../../domain/segments.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { presentSegment, SegmentIdParam, SegmentSchema } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/segments/{id}',
    operationId: 'getSegment',
    tags: ['segments'],
    summary: 'Get a segment: its filter and how many accounts are in it',
    ...apiKey(ctx, 'read'),
    request: { params: SegmentIdParam },
    responses: { 200: json(SegmentSchema, 'The segment'), ...problems(401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json(presentSegment(await getSegment(ctx, c.req.valid('param').id)), 200),
  )
}
