import { crmObjectKey, rememberCrmObject } from '../domain/external-ids.ts'
import { z } from 'zod'
import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { applyOnce } from '../domain/events.ts'
import { anySuppressed, unlessSuppressed } from '../domain/suppressions.ts'
import { isCountryCode } from '../ingest/countries.ts'
import { looseText } from '../ingest/fields.ts'
import { type NormalizedEmail, normalizeDomain, normalizeEmail } from '../ingest/identity.ts'
import type { AccountInput, ContactInput } from '../ingest/schemas.ts'

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

/** What one event did: the domain or address it touched, nothing, or dropped as suppressed. */
type Applied = string | null | typeof SUPPRESSED
const SUPPRESSED = Symbol('suppressed')

/**
 * The company properties applied to a known company, each to the patch its value makes, or
 * null when the value is unusable. A Map, so that a property named like an Object member
 * (`constructor`) is just unknown.
 */
const COMPANY_PATCHES = new Map<string, (text: string) => AccountInput | null>([
  ['name', (text) => ({ name: looseText(text, 200) ?? null })],
  ['industry', (text) => ({ industry: looseText(text, 100) ?? null })],
  [
    'numberofemployees',
    (text) => {
      const employees = Number(text)
      return Number.isInteger(employees) && employees >= 0 && employees <= 10_000_000
        ? { employees }
        : null
    },
  ],
  [
    'country',
    (text) => (isCountryCode(text.toUpperCase()) ? { country: text.toUpperCase() } : null),
  ],
])

/** The contact properties applied to a known contact, as for companies. */
const CONTACT_PATCHES = new Map<string, (text: string) => ContactInput | null>([
  ['jobtitle', (text) => ({ title: looseText(text, 200) ?? null })],
])

/**
 * HubSpot sends an object's id and the one property that changed, nothing more. Company
 * `domain` and contact `email` changes teach us which object is which; later changes to a
 * known object's name, industry, size, country or job title are applied to it. Events about
 * objects we cannot identify (and deals, whose company a webhook does not carry) are counted
 * as unmapped, not guessed at.
 */
async function applyOne(ctx: Ctx, event: HubSpotEvent): Promise<Applied> {
  const [kind, change] = event.subscriptionType.split('.')
  if (change !== 'propertyChange') return null
  if (kind === 'company')
    return event.propertyName === 'domain' ? identifyCompany(ctx, event) : changeCompany(ctx, event)
  if (kind === 'contact')
    return event.propertyName === 'email' ? identifyContact(ctx, event) : changeContact(ctx, event)
  return null
}

async function identifyCompany(ctx: Ctx, event: HubSpotEvent): Promise<Applied> {
  const domain = normalizeDomain(value(event))
  if (!domain.ok) return null
  // Checked before learning the id: the mapping would keep an erased domain.
  if (await anySuppressed(ctx, { accounts: [domain.value] })) return SUPPRESSED
  await rememberCrmObject(ctx, SOURCE, 'company', event.objectId, domain.value)
  return storeCompany(ctx, domain.value, {})
}

async function changeCompany(ctx: Ctx, event: HubSpotEvent): Promise<Applied> {
  const patchOf = COMPANY_PATCHES.get(event.propertyName ?? '')
  if (!patchOf) return null
  const domain = await crmObjectKey(ctx, SOURCE, 'company', event.objectId)
  if (!domain) return null
  const patch = patchOf(value(event))
  return patch ? storeCompany(ctx, domain, patch) : null
}

async function storeCompany(ctx: Ctx, domain: string, patch: AccountInput): Promise<Applied> {
  return (await unlessSuppressed(() => putAccount(ctx, domain, patch))) ? domain : SUPPRESSED
}

async function identifyContact(ctx: Ctx, event: HubSpotEvent): Promise<Applied> {
  const email = normalizeEmail(value(event))
  if (!email.ok) return null
  // Checked before learning the id: the mapping would keep an erased person's address.
  if (await anySuppressed(ctx, { contact: email.value })) return SUPPRESSED
  await rememberCrmObject(ctx, SOURCE, 'contact', event.objectId, email.value.email)
  return storeContact(ctx, email.value, {})
}

async function changeContact(ctx: Ctx, event: HubSpotEvent): Promise<Applied> {
  const patchOf = CONTACT_PATCHES.get(event.propertyName ?? '')
  if (!patchOf) return null
  const email = normalizeEmail((await crmObjectKey(ctx, SOURCE, 'contact', event.objectId)) ?? '')
  if (!email.ok) return null
  if (await anySuppressed(ctx, { contact: email.value })) return SUPPRESSED
  const patch = patchOf(value(event))
  return patch ? storeContact(ctx, email.value, patch) : null
}

/** The contact's account domain when it has one (what is rescored), else its address. */
async function storeContact(
  ctx: Ctx,
  email: NormalizedEmail,
  patch: ContactInput,
): Promise<Applied> {
  let touched: string = email.email
  const stored = await unlessSuppressed(async () => {
    touched = (await putContact(ctx, email, patch)).contact.account ?? touched
  })
  return stored ? touched : SUPPRESSED
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
