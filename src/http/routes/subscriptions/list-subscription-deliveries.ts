import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { subscriptionDeliveries } from '../../../domain/notifications.ts'
import { FAILURE_CLASSES } from '../../../outbound/failures.ts'
import { limitQuery } from '../../cursor.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { IdParam, iso, isoInstant, json, problems } from '../../openapi.ts'

const DeliverySchema = z
  .object({
    id: z.string().meta({ description: 'Also the Idempotency-Key header the receiver gets.' }),
    event: z.string(),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: isoInstant.nullable(),
    lastError: z.enum(FAILURE_CLASSES).nullable().meta({
      description:
        'Why the last attempt failed, as a class only; refused_address is not retried, the others are.',
    }),
    lastStatus: z.number().int().nullable().meta({
      description:
        'The HTTP status of the last reply when it was an error (redirect, http_4xx, http_5xx); null otherwise.',
    }),
    createdAt: isoInstant,
    deliveredAt: isoInstant.nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Delivery' })

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/subscriptions/{id}/deliveries',
    operationId: 'listSubscriptionDeliveries',
    tags: ['notifications'],
    summary: 'Deliveries of a subscription, newest first (dead letters included)',
    ...apiKey(ctx, 'admin'),
    request: { params: IdParam, query: z.object({ limit: limitQuery(100) }) },
    responses: {
      200: json(z.object({ data: z.array(DeliverySchema) }), 'Deliveries'),
      ...problems(401, 403, 404),
    },
  })

type Delivery = Awaited<ReturnType<typeof subscriptionDeliveries>>[number]

const presentDelivery = (d: Delivery): z.infer<typeof DeliverySchema> => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
  lastError: d.lastError,
  lastStatus: d.lastStatus,
  createdAt: iso(d.createdAt),
  deliveredAt: d.deliveredAt === null ? null : iso(d.deliveredAt),
  payload: JSON.parse(d.payload) as Record<string, unknown>,
})

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { id } = c.req.valid('param')
    const deliveries = await subscriptionDeliveries(ctx, id, c.req.valid('query').limit)
    return c.json({ data: deliveries.map(presentDelivery) }, 200)
  })
}
