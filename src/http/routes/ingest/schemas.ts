import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { NDJSON } from '../../batch-body.ts'
import type { AppEnv } from '../../env.ts'
import { bearerAuth, json, problems } from '../../openapi.ts'
import { IngestResultSchema } from '../../presenters.ts'

const ndjsonBody = z.string().meta({ description: 'One JSON object per line.' })

/** A batch write: its schema as JSON, or NDJSON one item a line; all or nothing. */
export function batchRoute<P extends string, S extends z.ZodType>(route: {
  path: P
  operationId: string
  summary: string
  description: string
  middleware: MiddlewareHandler<AppEnv>[]
  schema: S
}) {
  const { schema, ...named } = route
  return createRoute({
    method: 'post',
    path: named.path,
    operationId: named.operationId,
    tags: ['ingest'],
    summary: named.summary,
    description: named.description,
    security: bearerAuth,
    middleware: named.middleware,
    request: {
      body: {
        content: {
          'application/json': { schema },
          [NDJSON]: { schema: ndjsonBody },
        },
      },
    },
    responses: {
      200: json(IngestResultSchema, 'Stored'),
      ...problems(400, 401, 403, 413, 415),
    },
  })
}
