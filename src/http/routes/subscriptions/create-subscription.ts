import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { subscribe } from '../../../domain/notifications.ts'
import type { Router } from '../../env.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, jsonBody, problems } from '../../openapi.ts'
import { presentSubscription, SubscriptionSchema, subscriptionBody } from './schemas.ts'

export const route = (ctx: Ctx) =>
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
    ...apiKey(ctx, 'admin'),
    request: { body: jsonBody(subscriptionBody(ctx.outbound)) },
    responses: { 201: json(SubscriptionSchema, 'Subscribed'), ...problems(400, 401, 403, 415) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json(presentSubscription(await subscribe(ctx, c.req.valid('json'))), 201),
  )
}
