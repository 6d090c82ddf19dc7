import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { databaseHealth } from '../../../domain/database.ts'
import type { Router } from '../../env.ts'
import { json, publicRoute } from '../../openapi.ts'

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.object({
      reachable: z.boolean(),
      schemaVersion: z.number().int(),
      latestSchemaVersion: z.number().int(),
    }),
    uptimeSeconds: z.number(),
  })
  .meta({ id: 'Health' })

const startedAt = performance.now()

export const route = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  tags: ['operations'],
  summary: 'Liveness and database health (no authentication)',
  security: publicRoute,
  responses: {
    200: json(HealthSchema, 'Healthy'),
    503: json(HealthSchema, 'The database is unreachable'),
  },
})

export function register(app: Router, ctx: Ctx) {
  app.openapi(route, async (c) => {
    const database = await databaseHealth(ctx)
    const body = {
      status: database.reachable ? ('ok' as const) : ('unavailable' as const),
      database,
      uptimeSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
    }
    return c.json(body, database.reachable ? 200 : 503)
  })
}
