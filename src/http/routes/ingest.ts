import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { ingestOutcomes, ingestSignals } from '../../domain/signals.ts'
import { taxonomyTopic } from '../../domain/taxonomy.ts'
import { createIngestSchemas, MAX_BATCH } from '../../ingest/schemas.ts'
import { isNdjson, NDJSON, readNdjsonBatch, requireBatch } from '../batch-body.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { freshTaxonomy } from '../middleware/taxonomy.ts'
import { bearerAuth, json, problems } from '../openapi.ts'
import { IngestResultSchema } from '../presenters.ts'

const ndjsonBody = z.string().meta({ description: 'One JSON object per line.' })

/** A batch comes as JSON or NDJSON, and is answered alike, for signals and outcomes. */
const batchBody = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema }, [NDJSON]: { schema: ndjsonBody } } },
})

const batchResponses = {
  200: json(IngestResultSchema, 'Stored'),
  ...problems(400, 401, 403, 413, 415),
}

export function ingestRoutes(ctx: Ctx) {
  const app = createRouter()
  const schemas = createIngestSchemas(ctx.clock, taxonomyTopic(ctx))

  app.openapi(
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
      middleware: [requireScope(ctx, 'write'), freshTaxonomy(ctx)],
      request: batchBody(schemas.signalBatch),
      responses: batchResponses,
    }),
    // Validated here, by the schema the OpenAPI document shows: the batch enters the ingest
    // runner after its validate step.
    async (c) => {
      const batch = isNdjson(c)
        ? await readNdjsonBatch(c, 'signals', schemas.signalBatch)
        : requireBatch(c.req.valid('json'), 'signals')
      return c.json(await ingestSignals(ctx, batch.signals), 200)
    },
  )

  app.openapi(
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
    }),
    async (c) => {
      const batch = isNdjson(c)
        ? await readNdjsonBatch(c, 'outcomes', schemas.outcomeBatch)
        : requireBatch(c.req.valid('json'), 'outcomes')
      return c.json(await ingestOutcomes(ctx, batch.outcomes), 200)
    },
  )

  return app
}
