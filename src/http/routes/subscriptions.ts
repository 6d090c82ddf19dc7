import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import {
  NOTIFICATION_EVENTS,
  subscribe,
  subscriptionDeliveries,
  listSubscriptions,
  unsubscribe,
} from '../../domain/notifications.ts'
import { AppError } from '../../errors.ts'
import { FAILURE_CLASSES } from '../../outbound/failures.ts'
import type { OutboundPolicy } from '../../outbound/policy.ts'
import { screenTarget } from '../../outbound/target.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, iso, isoInstant, json, problems } from '../openapi.ts'

/** DNS gets this long at creation; a name that does not resolve (yet) is checked at delivery. */
const CREATE_LOOKUP_MS = 2_000

/** Checked as the delivery worker checks it, so a target it would refuse is refused now. */
function targetField(policy: OutboundPolicy) {
  return z
    .string()
    .max(2048, 'must be at most 2048 characters')
    .superRefine(async (raw, zctx) => {
      if (raw.length > 2048) return
      const screened = await screenTarget(policy, raw, { lookupTimeoutMs: CREATE_LOOKUP_MS })
      if (!screened.ok && screened.failure === 'refused_address')
        zctx.addIssue({ code: 'custom', message: screened.message })
    })
    .meta({
      format: 'uri',
      description:
        'http or https, without credentials. Loopback, private, link-local and other internal ' +
        'addresses (also as a name resolving there) are refused unless OUTBOUND_ALLOW_HOSTS allows them.',
    })
}

const subscriptionBody = (policy: OutboundPolicy) =>
  z
    .strictObject({
      url: targetField(policy),
      events: z.array(z.enum(NOTIFICATION_EVENTS)).min(1, 'must name at least one event'),
      threshold: z
        .number()
        .int()
        .min(0)
        .max(100)
        .optional()
        .meta({ description: 'For score.crossed; default 60.' }),
      secret: z.string().min(16, 'must be at least 16 characters').max(200),
    })
    .meta({ id: 'SubscriptionInput' })

/** Rows from before credentials were refused may carry them; like the secret, they are not shown. */
function withoutCredentials(raw: string): string {
  if (!URL.canParse(raw)) return raw
  const url = new URL(raw)
  if (!url.username && !url.password) return raw
  url.username = ''
  url.password = ''
  return url.href
}

const SubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    threshold: z.number().int(),
    createdAt: isoInstant,
  })
  .meta({ id: 'Subscription', description: 'The secret is never returned.' })

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

export function subscriptionRoutes(ctx: Ctx) {
  const app = createRouter()
  const SubscriptionBody = subscriptionBody(ctx.outbound)
  const presentSub = (s: {
    id: string
    url: string
    events: string[]
    threshold: number
    createdAt: number
  }) => ({
    id: s.id,
    url: withoutCredentials(s.url),
    events: s.events,
    threshold: s.threshold,
    createdAt: iso(s.createdAt),
  })

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/subscriptions',
      operationId: 'createSubscription',
      tags: ['notifications'],
      summary: 'Subscribe a URL to score notifications',
      description:
        'Events: score.crossed (the score crossed `threshold` either way), label.changed, stage.changed. ' +
        'Deliveries are POSTed with `X-Signature: t=…,v1=…` (HMAC-SHA256 of "<t>.<body>" with your secret), ' +
        '`Idempotency-Key` and `X-Intent-Event`; retried with exponential backoff and jitter up to 8 attempts, ' +
        'then dead-lettered. They survive restarts. Redirects are not followed; a receiver gets 10 s and ' +
        'may answer at most 64 KiB.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: {
        body: { required: true, content: { 'application/json': { schema: SubscriptionBody } } },
      },
      responses: { 201: json(SubscriptionSchema, 'Subscribed'), ...problems(400, 401, 403, 415) },
    }),
    async (c) => c.json(presentSub(await subscribe(ctx, c.req.valid('json'))), 201),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions',
      operationId: 'listSubscriptions',
      tags: ['notifications'],
      summary: 'List subscriptions',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      responses: {
        200: json(z.object({ data: z.array(SubscriptionSchema) }), 'Subscriptions'),
        ...problems(401, 403),
      },
    }),
    async (c) => c.json({ data: (await listSubscriptions(ctx)).map(presentSub) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/subscriptions/{id}',
      operationId: 'deleteSubscription',
      tags: ['notifications'],
      summary: 'Unsubscribe (pending deliveries are dropped)',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: { params: z.object({ id: z.string().max(100) }) },
      responses: { 204: { description: 'Gone' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      if (!(await unsubscribe(ctx, c.req.valid('param').id)))
        throw new AppError('not_found', 'No such subscription.')
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions/{id}/deliveries',
      operationId: 'listSubscriptionDeliveries',
      tags: ['notifications'],
      summary: 'Deliveries of a subscription, newest first (dead letters included)',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: {
        params: z.object({ id: z.string().max(100) }),
        query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
      responses: {
        200: json(z.object({ data: z.array(DeliverySchema) }), 'Deliveries'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const deliveries = await subscriptionDeliveries(
        ctx,
        c.req.valid('param').id,
        c.req.valid('query').limit,
      )
      return c.json(
        {
          data: deliveries.map((d) => ({
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
          })),
        },
        200,
      )
    },
  )
  return app
}
