import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { ingestSignals } from '../../../domain/signals.ts'
import { taxonomyTopic } from '../../../domain/taxonomy.ts'
import { createIngestSchemas, MAX_BATCH } from '../../../ingest/schemas.ts'
import { batchBody, requestBatch } from '../../batch-body.ts'
import type { Router } from '../../router.ts'
import { requireScope } from '../../middleware/auth.ts'
import { countRefusedSignals } from '../../middleware/refused-signals.ts'
import { freshTaxonomy } from '../../middleware/taxonomy.ts'
import { bearerAuth } from '../../openapi.ts'
import { batchResponses } from './schemas.ts'

export const route = (ctx: Ctx, schemas: ReturnType<typeof createIngestSchemas>) =>
  createRoute({
    method: 'post',
    path: '/v1/signals',
    operationId: 'recordSignals',
    tags: ['ingest'],
    summary: 'Record intent and engagement signals',
    description:
      `Up to ${MAX_BATCH} signals per request, as JSON or NDJSON. Idempotent: a signal with a ` +
      'known `id`, or without one but identical to a stored one, counts as a duplicate. A batch ' +
      'with any invalid signal is refused whole, listing every issue; nothing is written. A signal ' +
      'without a `topic` gets the taxonomy topic its `url`, `title` or `query` names (GET /v1/taxonomy); ' +
      'content, search and review signals need one or the other.',
    security: bearerAuth,
    middleware: [requireScope(ctx, 'write'), countRefusedSignals(ctx), freshTaxonomy(ctx)],
    request: batchBody(schemas.signalBatch),
    responses: batchResponses,
  })

export function register(app: Router, ctx: Ctx) {
  const schemas = createIngestSchemas(ctx.clock, taxonomyTopic(ctx))
  app.openapi(route(ctx, schemas), async (c) => {
    const batch = await requestBatch(c, 'signals', schemas.signalBatch, () => c.req.valid('json'))
    return c.json(await ingestSignals(ctx, batch.signals), 200)
  })
}
