import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { applyOnce } from '../../../domain/events.ts'
import { applyCrmEvent, crmEnvelopeSchema } from '../../../integrations/crm.ts'
import { verifyGeneric } from '../../../integrations/signatures.ts'
import type { Router } from '../../router.ts'
import { crmSignatureAuth, json, problems } from '../../openapi.ts'
import { suppressedCount } from '../../presenters.ts'
import { rawBody } from '../../raw-body.ts'
import { requireSecret, scoresOf, TouchedScore, verifiedBody } from './signed-body.ts'

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

export const route = createRoute({
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
})

export function register(app: Router, ctx: Ctx) {
  const envelope = crmEnvelopeSchema(ctx)
  app.openapi(route, async (c) => {
    const secret = requireSecret(ctx.config.WEBHOOK_SECRET, 'WEBHOOK_SECRET')
    const bytes = await rawBody(c)
    const verdict = verifyGeneric(c.req.header('x-signature'), bytes, secret, ctx.clock.now())
    const event = verifiedBody(verdict, bytes, envelope)
    const once = await applyOnce(ctx, 'crm', event.id, () => applyCrmEvent(ctx, event))
    if (once.duplicate) {
      return c.json({ received: true as const, duplicate: true, recorded: null, accounts: [] }, 200)
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
  })
}
