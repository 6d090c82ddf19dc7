import { crmObjectKey, rememberCrmObject } from '../domain/external-ids.ts'
import { z } from 'zod'
import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { applyOnce } from '../domain/events.ts'
import { anySuppressed, unlessSuppressed } from '../domain/suppressions.ts'
import { isCountryCode } from '../ingest/countries.ts'
import { looseText } from '../ingest/fields.ts'
import { normalizeDomain, normalizeEmail } from '../ingest/identity.ts'

/** One event of HubSpot's webhook array (v3 subscriptions). */
export const hubspotEventSchema = z.looseObject({
  eventId: z.union([z.number(), z.string()]).transform(String),
  subscriptionType: z.string().max(100),
  objectId: z.union([z.number(), z.string()]).transform(String),
  occurredAt: z.number().optional(),
  propertyName: z.string().max(200).optional(),
  propertyValue: z.union([z.string(), z.number(), z.boolean()]).nullish(),
})
export const hubspotBatchSchema = z.array(hubspotEventSchema).max(1000)
export type HubSpotEvent = z.infer<typeof hubspotEventSchema>

const SOURCE = 'hubspot' as const
const value = (event: HubSpotEvent) =>
  event.propertyValue === null || event.propertyValue === undefined
    ? ''
    : String(event.propertyValue).trim()

/**
 * HubSpot sends an object's id and the one property that changed, nothing more. Company
 * `domain` and contact `email` changes teach us which object is which; later changes to a
 * known object's name, industry, size, country or job title are applied to it. Events about
 * objects we cannot identify (and deals, whose company a webhook does not carry) are counted
 * as unmapped, not guessed at.
 */
/** What one event did: the domain or address it touched, nothing, or dropped as suppressed. */
type Applied = string | null | typeof SUPPRESSED
const SUPPRESSED = Symbol('suppressed')

async function applyOne(ctx: Ctx, event: HubSpotEvent): Promise<Applied> {
  const [kind, change] = event.subscriptionType.split('.')
  if (kind === 'company' && change === 'propertyChange') {
    if (event.propertyName === 'domain') {
      const domain = normalizeDomain(value(event))
      if (!domain.ok) return null
      // Checked before learning the id: the mapping would keep an erased domain.
      if (await anySuppressed(ctx, { accounts: [domain.value] })) return SUPPRESSED
      await rememberCrmObject(ctx, SOURCE, 'company', event.objectId, domain.value)
      if (!(await unlessSuppressed(() => putAccount(ctx, domain.value, {})))) return SUPPRESSED
      return domain.value
    }
    const domain = await crmObjectKey(ctx, SOURCE, 'company', event.objectId)
    if (!domain) return null
    const text = value(event)
    const employees = Number(text)
    const patch =
      event.propertyName === 'name'
        ? { name: looseText(text, 200) ?? null }
        : event.propertyName === 'industry'
          ? { industry: looseText(text, 100) ?? null }
          : event.propertyName === 'numberofemployees' &&
              Number.isInteger(employees) &&
              employees >= 0 &&
              employees <= 10_000_000
            ? { employees }
            : event.propertyName === 'country' && isCountryCode(text.toUpperCase())
              ? { country: text.toUpperCase() }
              : null
    if (!patch) return null
    if (!(await unlessSuppressed(() => putAccount(ctx, domain, patch)))) return SUPPRESSED
    return domain
  }
  if (kind === 'contact' && change === 'propertyChange') {
    const known =
      event.propertyName === 'email'
        ? value(event)
        : await crmObjectKey(ctx, SOURCE, 'contact', event.objectId)
    const email = normalizeEmail(known ?? '')
    if (!email.ok) return null
    if (event.propertyName !== 'email' && event.propertyName !== 'jobtitle') return null
    // Checked before learning the id: the mapping would keep an erased person's address.
    if (await anySuppressed(ctx, { contact: email.value })) return SUPPRESSED
    if (event.propertyName === 'email')
      await rememberCrmObject(ctx, SOURCE, 'contact', event.objectId, email.value.email)
    const patch =
      event.propertyName === 'jobtitle' ? { title: looseText(value(event), 200) ?? null } : {}
    let touched: string = email.value.email
    const stored = await unlessSuppressed(async () => {
      touched = (await putContact(ctx, email.value, patch)).contact.account ?? touched
    })
    return stored ? touched : SUPPRESSED
  }
  return null
}

export async function applyHubSpotEvents(ctx: Ctx, events: HubSpotEvent[]) {
  const result = {
    mapped: 0,
    unmapped: 0,
    duplicates: 0,
    suppressed: 0,
    touched: new Set<string>(),
  }
  for (const event of events) {
    const once = await applyOnce(ctx, SOURCE, event.eventId, () => applyOne(ctx, event))
    if (once.duplicate) {
      result.duplicates += 1
      continue
    }
    const touched = once.result
    if (touched === SUPPRESSED) result.suppressed += 1
    else if (touched === null) result.unmapped += 1
    else {
      result.mapped += 1
      if (!touched.includes('@')) result.touched.add(touched)
    }
  }
  return result
}
