import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { type Issue, validationFailed } from '../../errors.ts'
import {
  processSegment,
  type SegmentMessage,
  segmentBatchSchema,
  segmentMessageSchema,
} from '../../integrations/segment.ts'
import {
  MAX_SKIPS_LISTED,
  SKIP_REASONS,
  type SkipReason,
} from '../../integrations/segment-skips.ts'
import { createRouter } from '../env.ts'
import { issuesFromZod } from '../errors.ts'
import { requireWriteKey } from '../middleware/write-key.ts'
import { json, problems, writeKeyAuth } from '../openapi.ts'
import { IngestWarningsSchema, suppressedCount } from '../presenters.ts'

const MAX_MESSAGE_BYTES = 32 * 1024
const MAX_BATCH_BYTES = 500 * 1024

const Result = z
  .object({
    success: z.literal(true),
    processed: z.number().int(),
    duplicates: z.number().int(),
    skipped: z.number().int(),
    skips: z
      .array(
        z.object({
          index: z
            .number()
            .int()
            .meta({ description: 'Its position in `batch` (0 for a single call).' }),
          messageId: z.string().optional(),
          type: z.string(),
          reason: z.enum(Object.keys(SKIP_REASONS) as [SkipReason, ...SkipReason[]]),
          message: z.string(),
        }),
      )
      .optional()
      .meta({
        description: `Why each skipped message was skipped (the first ${MAX_SKIPS_LISTED}); present only when any. ${Object.entries(
          SKIP_REASONS,
        )
          .map(([reason, text]) => `${reason}: ${text}.`)
          .join(' ')}`,
      }),
    suppressed: suppressedCount,
    warnings: IngestWarningsSchema,
  })
  .meta({ id: 'SegmentResult' })

/** Validates every message first: one bad message refuses the request, and nothing is written. */
function parseMessages(raw: unknown[], prefix: (string | number)[]): SegmentMessage[] {
  const issues: Issue[] = []
  const messages: SegmentMessage[] = []
  raw.forEach((item, index) => {
    const path = [...prefix, ...(prefix.length ? [index] : [])]
    if (JSON.stringify(item ?? null).length > MAX_MESSAGE_BYTES) {
      issues.push({
        in: 'body',
        path,
        message: 'is larger than 32 KB, the Segment limit for one message',
        code: 'too_big',
      })
      return
    }
    const parsed = segmentMessageSchema.safeParse(item)
    if (parsed.success) messages.push(parsed.data)
    else
      for (const issue of issuesFromZod(parsed.error, 'body'))
        issues.push({ ...issue, path: [...path, ...issue.path] })
  })
  if (issues.length > 0) throw validationFailed(issues)
  return messages
}

export function segmentRoutes(ctx: Ctx) {
  const app = createRouter()
  const security = writeKeyAuth

  app.openapi(
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
      security,
      middleware: [requireWriteKey(ctx)],
      request: {
        body: { required: true, content: { 'application/json': { schema: segmentBatchSchema } } },
      },
      responses: { 200: json(Result, 'Accepted'), ...problems(400, 401, 403, 413, 415) },
    }),
    async (c) => {
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
    },
  )

  for (const type of ['identify', 'group', 'track', 'page'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/${type}`,
        operationId: `segment${type[0]!.toUpperCase()}${type.slice(1)}`,
        tags: ['segment'],
        summary: `Segment-compatible ${type}`,
        security,
        middleware: [requireWriteKey(ctx)],
        request: {
          body: { required: true, content: { 'application/json': { schema: z.looseObject({}) } } },
        },
        responses: { 200: json(Result, 'Accepted'), ...problems(400, 401, 403, 415) },
      }),
      async (c) => {
        const messages = parseMessages([{ ...c.req.valid('json'), type }], [])
        return c.json({ success: true as const, ...(await processSegment(ctx, messages)) }, 200)
      },
    )
  }
  return app
}
