import { z } from 'zod'
import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { ingestOutcomes } from '../domain/signals.ts'
import { unlessSuppressed } from '../domain/suppressions.ts'
import { domainField, emailField, text } from '../ingest/fields.ts'
import { accountBodySchema, contactBodySchema, createIngestSchemas } from '../ingest/schemas.ts'

export function crmEnvelopeSchema(ctx: Ctx) {
  const { outcome } = createIngestSchemas(ctx.clock)
  const occurredAt = outcome.shape.occurredAt
  const company = z.strictObject({
    id: text(200),
    type: z.literal('company.upserted'),
    occurredAt,
    data: accountBodySchema.extend({ domain: domainField }),
  })
  const contact = z.strictObject({
    id: text(200),
    type: z.literal('contact.upserted'),
    occurredAt,
    data: contactBodySchema.extend({ email: emailField }),
  })
  const deal = z.strictObject({
    id: text(200),
    type: z.literal('deal.stage_changed'),
    occurredAt,
    data: z.strictObject({
      account: domainField,
      dealId: text(200),
      stage: text(100),
      amount: z.number().min(0).max(1e13).optional(),
    }),
  })
  return z.discriminatedUnion('type', [company, contact, deal]).meta({ id: 'CrmWebhookEvent' })
}

export type CrmEvent = z.output<ReturnType<typeof crmEnvelopeSchema>>

/**
 * Applies one CRM event and returns the account domains it touched. Deal stages map to
 * outcomes by the `dealStages` table; the outcome's id is the deal's and the outcome type, so
 * a stage reported twice is stored once.
 */
export async function applyCrmEvent(
  ctx: Ctx,
  event: CrmEvent,
): Promise<{ touched: string[]; recorded: string | null; suppressed: boolean }> {
  const dropped = { touched: [], recorded: null, suppressed: true }
  if (event.type === 'company.upserted') {
    const { domain, ...fields } = event.data
    if (!(await unlessSuppressed(() => putAccount(ctx, domain, fields)))) return dropped
    return { touched: [domain], recorded: 'account', suppressed: false }
  }
  if (event.type === 'contact.upserted') {
    const { email, ...fields } = event.data
    let account: string | null = null
    const stored = await unlessSuppressed(async () => {
      account = (await putContact(ctx, email, fields)).contact.account
    })
    if (!stored) return dropped
    return { touched: account ? [account] : [], recorded: 'contact', suppressed: false }
  }
  const stages = Object.fromEntries(
    Object.entries(ctx.scoring.dealStages).map(([stage, outcome]) => [
      stage.toLowerCase(),
      outcome,
    ]),
  )
  const outcome = stages[event.data.stage.toLowerCase()] ?? null
  if (outcome === null) {
    if (!(await unlessSuppressed(() => putAccount(ctx, event.data.account, {})))) return dropped
    return { touched: [event.data.account], recorded: null, suppressed: false }
  }
  const { suppressed } = await ingestOutcomes(ctx, [
    {
      id: `crm:${event.data.dealId}:${outcome}`,
      account: event.data.account,
      type: outcome,
      occurredAt: event.occurredAt,
      amount: event.data.amount,
    },
  ])
  if (suppressed) return dropped
  return { touched: [event.data.account], recorded: outcome, suppressed: false }
}
