import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { NOTIFICATION_EVENTS, subscribe } from '../../../domain/notifications.ts'
import type { OutboundPolicy } from '../../../outbound/policy.ts'
import { screenTarget } from '../../../outbound/target.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, jsonBody, problems } from '../../openapi.ts'
import { presentSubscription, SubscriptionSchema } from './schemas.ts'

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
      segments: z
        .array(z.string().min(1).max(100))
        .min(1, 'must name at least one segment')
        .max(500)
        .optional()
        .meta({
          description:
            'For segment.entered and segment.exited: only these segments (ids). Absent: every segment.',
        }),
    })
    .meta({ id: 'SubscriptionInput' })

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/subscriptions',
    operationId: 'createSubscription',
    tags: ['notifications'],
    summary: 'Subscribe a URL to score notifications',
    description:
      'Events: score.crossed (the score crossed `threshold` either way), label.changed, stage.changed; ' +
      'segment.entered and segment.exited (an account entered or left a saved segment, with the ' +
      "segment id and the account's score; `segments` narrows them to some segments). " +
      'Deliveries are POSTed with `X-Signature: t=…,v1=…` (HMAC-SHA256 of "<t>.<body>" with your secret), ' +
      '`Idempotency-Key` and `X-Intent-Event`; retried with exponential backoff and jitter up to 8 attempts, ' +
      'then dead-lettered. They survive restarts. Redirects are not followed; a receiver gets 10 s and ' +
      'may answer at most 64 KiB.',
    ...apiKey(ctx, 'admin'),
    request: { body: jsonBody(subscriptionBody(ctx.outbound)) },
    responses: { 201: json(SubscriptionSchema, 'Subscribed'), ...problems(400, 401, 403, 415) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json(presentSubscription(await subscribe(ctx, c.req.valid('json'))), 201),
  )
}
