import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { applyOnce } from '../../domain/events.ts'
import { currentScore } from '../../domain/scores.ts'
import { AppError, validationFailed } from '../../errors.ts'
import { applyCrmEvent, crmEnvelopeSchema } from '../../integrations/crm.ts'
import { jsonShapeIssues } from '../../ingest/json-shape.ts'
import { applyHubSpotEvents, hubspotBatchSchema } from '../../integrations/hubspot.ts'
import { verifyGeneric, verifyHubSpotV3 } from '../../integrations/signatures.ts'
import { createRouter } from '../env.ts'
import { issuesFromZod } from '../errors.ts'
import { crmSignatureAuth, hubspotSignatureAuth, json, problems } from '../openapi.ts'
import { decodeUtf8, rawBody } from '../raw-body.ts'
import { suppressedCount } from '../presenters.ts'

const TouchedScore = z.object({
  domain: z.string(),
  score: z.number().int(),
  probability: z.number(),
  label: z.string(),
  stage: z.string(),
  computedAt: z.string(),
})

const CrmResult = z
  .object({
    received: z.literal(true),
    duplicate: z
      .boolean()
      .meta({ description: 'This event id was handled before; nothing changed.' }),
    recorded: z.string().nullable().meta({
      description: 'account, contact, opportunity, won, lost, or null for an unmapped deal stage.',
    }),
    accounts: z
      .array(TouchedScore)
      .meta({ description: 'The current score of each account the event touched.' }),
    suppressed: suppressedCount,
  })
  .meta({ id: 'CrmWebhookResult' })

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

/** The body, once its signature is verified; refused before any schema when its shape is unsafe. */
function parseJson(raw: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.')
  }
  const issues = jsonShapeIssues(value)
  if (issues.length > 0) throw validationFailed(issues.map((issue) => ({ ...issue, in: 'body' })))
  return value
}

async function scoresOf(ctx: Ctx, domains: Iterable<string>) {
  const out = []
  for (const domain of domains) {
    const view = await currentScore(ctx, domain)
    const { score, probability, label, stage } = view.inMarket
    out.push({
      domain,
      score,
      probability: Math.round(probability * 10_000) / 10_000,
      label,
      stage,
      computedAt: new Date(view.computedAt).toISOString(),
    })
  }
  return out
}

function requireSecret(secret: string | undefined, variable: string): string {
  if (!secret) throw new AppError('forbidden', `This webhook is off: set ${variable} to enable it.`)
  return secret
}

/** The URI HubSpot signed: the public one when PUBLIC_URL is set (behind a proxy), else as received. */
function signedUri(ctx: Ctx, c: Context): string {
  const url = new URL(c.req.url)
  return ctx.config.PUBLIC_URL
    ? `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}${url.pathname}${url.search}`
    : c.req.url
}

export function webhookRoutes(ctx: Ctx) {
  const app = createRouter()
  const envelope = crmEnvelopeSchema(ctx)

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/crm',
      operationId: 'receiveCrmWebhook',
      tags: ['webhooks'],
      summary: 'Generic signed CRM webhook',
      description:
        'Body `{ id, type, occurredAt, data }` with type company.upserted (data: account fields and ' +
        '`domain`), contact.upserted (contact fields and `email`) or deal.stage_changed (`account`, ' +
        '`dealId`, `stage`, `amount?`; stages map to outcomes by the `dealStages` setting). Header ' +
        '`X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(WEBHOOK_SECRET, "<t>.<raw body>")>`, within ' +
        '5 minutes. A replayed id is a no-op. Answers with the current score of each account touched.',
      security: crmSignatureAuth,
      responses: { 200: json(CrmResult, 'Applied'), ...problems(400, 401, 403, 413) },
    }),
    async (c) => {
      const secret = requireSecret(ctx.config.WEBHOOK_SECRET, 'WEBHOOK_SECRET')
      const bytes = await rawBody(c)
      const verdict = verifyGeneric(c.req.header('x-signature'), bytes, secret, ctx.clock.now())
      if (!verdict.ok) throw new AppError('unauthorized', verdict.reason)
      const parsed = envelope.safeParse(parseJson(decodeUtf8(bytes)))
      if (!parsed.success) throw validationFailed(issuesFromZod(parsed.error, 'body'))
      const event = parsed.data
      const once = await applyOnce(ctx, 'crm', event.id, () => applyCrmEvent(ctx, event))
      if (once.duplicate) {
        return c.json(
          { received: true as const, duplicate: true, recorded: null, accounts: [] },
          200,
        )
      }
      const { touched, recorded, suppressed } = once.result
      return c.json(
        {
          received: true as const,
          duplicate: false,
          recorded,
          accounts: await scoresOf(ctx, touched),
          ...(suppressed && { suppressed: 1 }),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
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
    }),
    async (c) => {
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
      if (!verdict.ok) throw new AppError('unauthorized', verdict.reason)
      const parsed = hubspotBatchSchema.safeParse(parseJson(decodeUtf8(bytes)))
      if (!parsed.success) throw validationFailed(issuesFromZod(parsed.error, 'body'))
      const result = await applyHubSpotEvents(ctx, parsed.data)
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
    },
  )
  return app
}
