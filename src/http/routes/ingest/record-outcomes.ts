import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { ingestOutcomes } from '../../../domain/signals.ts'
import { taxonomyTopic } from '../../../domain/taxonomy.ts'
import { createIngestSchemas } from '../../../ingest/schemas.ts'
import { batchBody, requestBatch } from '../../batch-body.ts'
import type { Router } from '../../router.ts'
import { requireScope } from '../../middleware/auth.ts'
import { bearerAuth } from '../../openapi.ts'
import { batchResponses } from './schemas.ts'

export const route = (ctx: Ctx, schemas: ReturnType<typeof createIngestSchemas>) =>
  createRoute({
    method: 'post',
    path: '/v1/outcomes',
    operationId: 'recordOutcomes',
    tags: ['ingest'],
    summary: 'Record opportunities, won and lost deals',
    description: 'The same rules as signals: JSON or NDJSON, idempotent, all or nothing.',
    security: bearerAuth,
    middleware: [requireScope(ctx, 'write')],
    request: batchBody(schemas.outcomeBatch),
    responses: batchResponses,
  })

export function register(app: Router, ctx: Ctx) {
  const schemas = createIngestSchemas(ctx.clock, taxonomyTopic(ctx))
  app.openapi(route(ctx, schemas), async (c) => {
    const batch = await requestBatch(c, 'outcomes', schemas.outcomeBatch, () => c.req.valid('json'))
    return c.json(await ingestOutcomes(ctx, batch.outcomes), 200)
  })
}
