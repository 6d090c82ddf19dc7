import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { serviceHealth } from '../../../domain/service-health.ts'
import type { Router } from '../../router.ts'
import { json, publicRoute } from '../../openapi.ts'

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

export const route = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  tags: ['operations'],
  summary: 'Liveness and database health (no authentication)',
  description:
    'For alerting and load balancers: 200 `ok`; 503 `degraded` (with `reasons`) while writes are refused, the disk is nearly full or the event loop runs late, and 503 `unavailable` when the database cannot be reached. See docs/operations.md.',
  security: publicRoute,
  responses: {
    200: json(HealthSchema, 'Healthy'),
    503: json(
      HealthSchema,
      'Degraded (writes refused, disk nearly full, loop late) or unreachable',
    ),
  },
})

export function register(app: Router, ctx: Ctx) {
  app.openapi(route, async (c) => {
    const health = await serviceHealth(ctx)
    const uptimeSeconds = Math.round((performance.now() - startedAt) / 10) / 100
    return c.json({ ...health, uptimeSeconds }, health.status === 'ok' ? 200 : 503)
  })
}
