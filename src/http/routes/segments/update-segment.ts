import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { updateSegment } from '../../../domain/segments.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, jsonBody, problems } from '../../openapi.ts'
import { presentSegment, SegmentIdParam, SegmentInputSchema, SegmentSchema } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'put',
    path: '/v1/segments/{id}',
    operationId: 'updateSegment',
    tags: ['segments'],
    summary: "Replace a segment's name, description and filter",
    description:
      'A changed filter recomputes the members now: those it keeps keep their `enteredAt`; the ' +
      'others enter or leave without events (the definition moved, not the accounts).',
    ...apiKey(ctx, 'write'),
    request: { params: SegmentIdParam, body: jsonBody(SegmentInputSchema) },
    responses: {
      200: json(SegmentSchema, 'Updated'),
      ...problems(400, 401, 403, 404, 413, 415),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json(
      presentSegment(await updateSegment(ctx, c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  )
}
