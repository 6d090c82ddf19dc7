import { serviceHealth } from '../../domain/service-health.ts'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { createRouter } from '../env.ts'
import { json, publicRoute } from '../openapi.ts'

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable']).meta({
      description:
        '`ok`; `degraded` while writes are refused, the disk is nearly full or the event loop runs late (see `reasons`); `unavailable` when the database cannot be reached.',
    }),
    reasons: z.array(
      z.object({
        code: z.enum(['storage_full', 'storage_unavailable', 'low_disk_space', 'event_loop_lag']),
        message: z.string(),
      }),
    ),
    database: z.object({
      reachable: z.boolean(),
      schemaVersion: z.number().int(),
      latestSchemaVersion: z.number().int(),
    }),
    storage: z.object({
      freeBytes: z
        .number()
        .nullable()
        .meta({ description: "Free space on the database's volume; null in memory." }),
    }),
    eventLoop: z.object({
      maxLagMs: z.number().meta({ description: 'The worst event-loop delay of the last 10–20 s.' }),
    }),
    uptimeSeconds: z.number(),
  })
  .meta({ id: 'Health' })

const startedAt = performance.now()

export function healthRoutes(ctx: Ctx) {
  const app = createRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      tags: ['operations'],
      summary: 'Liveness and database health (no authentication)',
      security: publicRoute,
      responses: {
        200: json(HealthSchema, 'Healthy'),
        503: json(
          HealthSchema,
          'Degraded (writes refused, disk nearly full, loop late) or unreachable',
        ),
      },
    }),
    async (c) => {
      const health = await serviceHealth(ctx)
      const body = {
        ...health,
        uptimeSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
      }
      return c.json(body, health.status === 'ok' ? 200 : 503)
    },
  )
  // The cheapest possible answer: the baseline the look-up benchmark compares with.
  app.get('/ping', (c) => c.text('pong'))
  return app
}
