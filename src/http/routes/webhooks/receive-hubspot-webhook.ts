import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { applyHubSpotEvents, hubspotBatchSchema } from '../../../integrations/hubspot.ts'
import { verifyHubSpotV3 } from '../../../integrations/signatures.ts'
import type { Router } from '../../router.ts'
import { hubspotSignatureAuth, json, problems } from '../../openapi.ts'
import { suppressedCount } from '../../presenters.ts'
import { rawBody } from '../../raw-body.ts'
import { requireSecret, scoresOf, TouchedScore, verifiedBody } from './signed-body.ts'

const HubSpotResult = z
  .object({
    received: z.literal(true),
    mapped: z.number().int(),
    unmapped: z.number().int(),
    duplicates: z.number().int(),
    accounts: z.array(TouchedScore),
    suppressed: suppressedCount,
  })
  .meta({ id: 'HubSpotWebhookResult' })

/** The URI HubSpot signed: the public one when PUBLIC_URL is set (behind a proxy), else as received. */
function signedUri(ctx: Ctx, c: Context): string {
  const url = new URL(c.req.url)
  return ctx.config.PUBLIC_URL
    ? `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}${url.pathname}${url.search}`
    : c.req.url
}

export const route = createRoute({
  method: 'post',
  path: '/v1/webhooks/hubspot',
  operationId: 'receiveHubSpotWebhook',
  tags: ['webhooks'],
  summary: 'HubSpot webhook (signature v3)',
  description:
    "HubSpot's event array. Verified with X-HubSpot-Signature-v3 against HUBSPOT_CLIENT_SECRET " +
    '(method + full URI + body + X-HubSpot-Request-Timestamp, within 5 minutes; set PUBLIC_URL ' +
    'behind a proxy). Company domain and contact email changes identify objects; later name, ' +
    'industry, size, country and job-title changes apply to them. eventIds seen before are skipped.',
  security: hubspotSignatureAuth,
  responses: { 200: json(HubSpotResult, 'Applied'), ...problems(400, 401, 403, 413) },
})

export function register(app: Router, ctx: Ctx) {
  app.openapi(route, async (c) => {
    const secret = requireSecret(ctx.config.HUBSPOT_CLIENT_SECRET, 'HUBSPOT_CLIENT_SECRET')
    const bytes = await rawBody(c)
    const verdict = verifyHubSpotV3(
      {
        method: c.req.method,
        uri: signedUri(ctx, c),
        rawBody: bytes,
        signature: c.req.header('x-hubspot-signature-v3'),
        timestamp: c.req.header('x-hubspot-request-timestamp'),
      },
      secret,
      ctx.clock.now(),
    )
    const result = await applyHubSpotEvents(ctx, verifiedBody(verdict, bytes, hubspotBatchSchema))
    return c.json(
      {
        received: true as const,
        mapped: result.mapped,
        unmapped: result.unmapped,
        duplicates: result.duplicates,
        accounts: await scoresOf(ctx, result.touched),
        ...(result.suppressed > 0 && { suppressed: result.suppressed }),
      },
      200,
    )
  })
}
