import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { validationFailed } from '../../../errors.ts'
import { processSegment, segmentBatchSchema } from '../../../integrations/segment.ts'
import type { Router } from '../../router.ts'
import { requireWriteKey } from '../../middleware/write-key.ts'
import { json, jsonBody, problems, writeKeyAuth } from '../../openapi.ts'
import { MAX_BATCH_BYTES, parseMessages, SegmentResult } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/batch',
    operationId: 'segmentBatch',
    tags: ['segment'],
    summary: 'Segment-compatible batch (identify, group, track, page)',
    description:
      'Point analytics-node (`host`), RudderStack or Jitsu here with a write-scope key as the write key. ' +
      'identify → contact, group → account (and links the user), track and page → signals; a messageId ' +
      'seen before changes nothing. Limits: 32 KB a message, 500 KB a batch.',
    security: writeKeyAuth,
    middleware: [requireWriteKey(ctx)],
    request: { body: jsonBody(segmentBatchSchema) },
    responses: { 200: json(SegmentResult, 'Accepted'), ...problems(400, 401, 403, 413, 415) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const body = c.req.valid('json')
    if (JSON.stringify(body).length > MAX_BATCH_BYTES) {
      throw validationFailed([
        {
          in: 'body',
          path: ['batch'],
          message: 'is larger than 500 KB, the Segment limit for a batch',
          code: 'too_big',
        },
      ])
    }
    const messages = parseMessages(body.batch, ['batch'])
    return c.json({ success: true as const, ...(await processSegment(ctx, messages)) }, 200)
  })
}
