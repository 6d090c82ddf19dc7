import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { serviceReadiness } from '../../../domain/service-health.ts'
import type { Router } from '../../router.ts'
import { json, publicRoute } from '../../openapi.ts'

const ReadinessSchema = z
  .object({
    ready: z.boolean(),
    started: z
      .boolean()
      .meta({ description: 'Started and not shutting down (false from the first SIGTERM).' }),
    migrated: z
      .boolean()
      .meta({ description: 'The database is reachable and at the schema version of this code.' }),
  })
  .meta({ id: 'Readiness' })

export const route = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  tags: ['operations'],
  summary: 'Whether this process should receive traffic (no authentication)',
  description:
    'For load balancers and Kubernetes readiness probes: 200 once the service has started with its database migrated; 503 before that and from the moment it begins to shut down. See docs/operations.md.',
  security: publicRoute,
  responses: {
    200: json(ReadinessSchema, 'Ready'),
    503: json(ReadinessSchema, 'Starting, shutting down, or the database is not usable'),
  },
})

export function register(app: Router, ctx: Ctx) {
  app.openapi(route, async (c) => {
    const readiness = await serviceReadiness(ctx)
    return c.json(readiness, readiness.ready ? 200 : 503)
  })
}
