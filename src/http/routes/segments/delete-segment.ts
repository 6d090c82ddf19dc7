import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { deleteSegment } from '../../../domain/segments.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { problems } from '../../openapi.ts'
import { SegmentIdParam } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'delete',
    path: '/v1/segments/{id}',
    operationId: 'deleteSegment',
    tags: ['segments'],
    summary: 'Delete a segment (its members leave without events)',
    ...apiKey(ctx, 'write'),
    request: { params: SegmentIdParam },
    responses: { 204: { description: 'Gone' }, ...problems(401, 403, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    await deleteSegment(ctx, c.req.valid('param').id)
    return c.body(null, 204)
  })
}
