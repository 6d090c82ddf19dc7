import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { processSegment } from '../../../integrations/segment.ts'
import type { Router } from '../../router.ts'
import { requireWriteKey } from '../../middleware/write-key.ts'
import { json, jsonBody, problems, writeKeyAuth } from '../../openapi.ts'
import { parseMessages, SegmentResult } from './schemas.ts'

/** The single-message calls, one route a type: `/v1/identify`, `/v1/group`, `/v1/track`, `/v1/page`. */
export const MESSAGE_TYPES = ['identify', 'group', 'track', 'page'] as const
type MessageType = (typeof MESSAGE_TYPES)[number]

export const route = (ctx: Ctx, type: MessageType) =>
  createRoute({
    method: 'post',
    path: `/v1/${type}`,
    operationId: `segment${type[0]!.toUpperCase()}${type.slice(1)}`,
    tags: ['segment'],
    summary: `Segment-compatible ${type}`,
    security: writeKeyAuth,
    middleware: [requireWriteKey(ctx)],
    request: { body: jsonBody(z.looseObject({})) },
    responses: { 200: json(SegmentResult, 'Accepted'), ...problems(400, 401, 403, 415) },
  })

export function register(app: Router, ctx: Ctx) {
  for (const type of MESSAGE_TYPES) {
    app.openapi(route(ctx, type), async (c) => {
      const messages = parseMessages([{ ...c.req.valid('json'), type }], [])
      return c.json({ success: true as const, ...(await processSegment(ctx, messages)) }, 200)
    })
  }
}
