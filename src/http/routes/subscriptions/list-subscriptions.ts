import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { listSubscriptions } from '../../../domain/notifications.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { presentSubscription, SubscriptionSchema } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/subscriptions',
    operationId: 'listSubscriptions',
    tags: ['notifications'],
    summary: 'List subscriptions',
    ...apiKey(ctx, 'admin'),
    responses: {
      200: json(z.object({ data: z.array(SubscriptionSchema) }), 'Subscriptions'),
      ...problems(401, 403),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json({ data: (await listSubscriptions(ctx)).map(presentSubscription) }, 200),
  )
}
