import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { problems } from '../../openapi.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tags: ['operations'],
    summary: 'Prometheus metrics (admin key)',
    description:
      'The Prometheus text exposition format: request durations by route pattern and status, signals accepted, duplicate and refused, scores computed, the outbox, the database size, and the process and Node defaults (event-loop lag included). Labels never hold personal data. See docs/operations.md for the metrics and example alerts.',
    ...apiKey(ctx, 'admin'),
    responses: {
      200: {
        description: 'The metrics',
        content: { 'text/plain': { schema: z.string() } },
      },
      ...problems(401, 403, 429),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { registry } = ctx.metrics
    return c.text(await registry.metrics(), 200, { 'content-type': registry.contentType })
  })
}
