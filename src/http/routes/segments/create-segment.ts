import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { createSegment, MAX_SEGMENTS } from '../../../domain/segments.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, jsonBody, problems } from '../../openapi.ts'
import { presentSegment, SegmentInputSchema, SegmentSchema } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/segments',
    operationId: 'createSegment',
    tags: ['segments'],
    summary: 'Save a segment of accounts',
    description:
      "A name and the leaderboard's filters (those of `GET /v1/accounts?sort=score`). Its members " +
      'are the scored accounts the filter selects, computed now and kept up to date as scores and ' +
      'firmographics change; each entry and exit raises `segment.entered` / `segment.exited` for ' +
      `subscriptions that ask for them (the first members raise none). At most ${MAX_SEGMENTS} ` +
      'segments (409 past that).',
    ...apiKey(ctx, 'write'),
    request: { body: jsonBody(SegmentInputSchema) },
    responses: {
      201: json(SegmentSchema, 'Saved, with its first members counted'),
      ...problems(400, 401, 403, 409, 413, 415),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const segment = await createSegment(ctx, c.req.valid('json'))
    c.header('Location', `/v1/segments/${segment.id}`)
    return c.json(presentSegment(segment), 201)
  })
}
