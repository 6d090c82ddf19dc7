import { z } from 'zod'
import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { ingestSignals } from '../domain/signals.ts'
import { looseText } from '../ingest/fields.ts'
import { normalizeDomain, normalizeEmail } from '../ingest/identity.ts'
import { createIngestSchemas, SIGNAL_TYPES, TOPIC_REQUIRED } from '../ingest/schemas.ts'
import { signalForEvent } from './segment-events.ts'

/** The Segment spec's envelope; everything else in a message is kept loose, as senders vary. */
export const segmentMessageSchema = z.looseObject({
  type: z.enum(['identify', 'group', 'track', 'page', 'screen', 'alias']),
  messageId: z.string().min(1).max(200).optional(),
  userId: z.union([z.string(), z.number()]).transform(String).nullish(),
  anonymousId: z.union([z.string(), z.number()]).transform(String).nullish(),
  groupId: z.union([z.string(), z.number()]).transform(String).nullish(),
  event: z.string().max(200).optional(),
  name: z.string().max(200).nullish(),
  timestamp: z.string().optional(),
  traits: z.record(z.string(), z.unknown()).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
  context: z.record(z.string(), z.unknown()).nullish(),
})
export type SegmentMessage = z.infer<typeof segmentMessageSchema>

export const segmentBatchSchema = z.looseObject({
  batch: z.array(z.unknown()).max(10_000),
  sentAt: z.string().optional(),
})

export interface SegmentResult {
  processed: number
  duplicates: number
  /** Valid messages we could not attribute to an account or person, or could not use. */
  skipped: number
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

function instant(message: SegmentMessage, now: number): number {
  const at = message.timestamp ? Date.parse(message.timestamp) : Number.NaN
  return Number.isNaN(at) ? now : Math.min(at, now)
}

async function identify(ctx: Ctx, message: SegmentMessage): Promise<boolean> {
  const traits = message.traits ?? {}
  const email = normalizeEmail(str(traits.email) ?? '')
  if (!email.ok) return false
  const name = looseText(
    str(traits.name) ??
      ([str(traits.firstName), str(traits.lastName)].filter(Boolean).join(' ') || undefined),
    200,
  )
  const title = looseText(traits.title, 200)
  const company = traits.company as Record<string, unknown> | string | undefined
  const website =
    typeof company === 'object' && company !== null
      ? (str(company.website) ?? str(company.domain))
      : undefined
  const domain = website ? normalizeDomain(website) : null
  await putContact(ctx, email.value, {
    ...(name && { name }),
    ...(title && { title }),
    ...(domain?.ok && { account: domain.value }),
  })
  if (message.userId) await ctx.store.segment.rememberUser(message.userId, email.value.email)
  return true
}

async function group(ctx: Ctx, message: SegmentMessage): Promise<boolean> {
  const traits = message.traits ?? {}
  const candidate = str(traits.website) ?? str(traits.domain) ?? message.groupId ?? ''
  const domain = normalizeDomain(candidate)
  if (!domain.ok) return false
  const employees = Number(traits.employees)
  const name = looseText(traits.name, 200)
  const industry = looseText(traits.industry, 100)
  await putAccount(ctx, domain.value, {
    ...(name && { name }),
    ...(industry && { industry }),
    ...(Number.isInteger(employees) && employees >= 0 && employees <= 10_000_000 && { employees }),
  })
  const email = message.userId ? await ctx.store.segment.emailOfUser(message.userId) : null
  if (email) {
    const normalized = normalizeEmail(email)
    if (normalized.ok) await putContact(ctx, normalized.value, { account: domain.value })
  }
  return true
}

async function trackOrPage(ctx: Ctx, message: SegmentMessage, now: number): Promise<boolean> {
  const properties = message.properties ?? {}
  const email = message.userId ? await ctx.store.segment.emailOfUser(message.userId) : null
  const explicitDomain = str(properties.account) ?? str(properties.domain)
  if (!email && !explicitDomain) return false
  let type: (typeof SIGNAL_TYPES)[number]
  let action: string
  if (message.type === 'track') {
    const mapped = signalForEvent(message.event ?? 'unknown event')
    const override = str(properties.signalType)
    type =
      override && (SIGNAL_TYPES as readonly string[]).includes(override)
        ? (override as typeof type)
        : mapped.type
    action = mapped.action
  } else {
    type = 'web_visit'
    action = 'page_view'
  }
  const topic = str(properties.topic) ?? str(properties.category)
  if (TOPIC_REQUIRED.has(type) && !topic) type = 'web_visit'
  const page = (message.context?.page ?? {}) as Record<string, unknown>
  const url = str(properties.url) ?? str(page.url)
  const raw = {
    id: message.messageId ? `seg:${message.messageId}` : undefined,
    type,
    ...(email && { contact: email }),
    ...(explicitDomain && { account: explicitDomain }),
    ...(topic && { topic }),
    action,
    occurredAt: new Date(instant(message, now)).toISOString(),
    source: 'segment',
    ...(url && /^https?:\/\//i.test(url) && { url }),
  }
  const parsed = createIngestSchemas(ctx.clock).signal.safeParse(raw)
  if (!parsed.success) return false
  await ingestSignals(ctx, [parsed.data])
  return true
}

/**
 * Segment-spec messages in order: identify → contact (and remembers its userId), group →
 * account (and links the calling user), track/page → signals. A messageId seen before is a
 * no-op, so a client's retries change nothing.
 */
export async function processSegment(ctx: Ctx, messages: SegmentMessage[]): Promise<SegmentResult> {
  const result: SegmentResult = { processed: 0, duplicates: 0, skipped: 0 }
  const now = ctx.clock.now()
  for (const message of messages) {
    if (message.messageId && (await ctx.store.segment.seen(message.messageId))) {
      result.duplicates += 1
      continue
    }
    let used = false
    if (message.type === 'identify') used = await identify(ctx, message)
    else if (message.type === 'group') used = await group(ctx, message)
    else if (message.type === 'track' || message.type === 'page')
      used = await trackOrPage(ctx, message, now)
    if (used) result.processed += 1
    else result.skipped += 1
    if (message.messageId) await ctx.store.segment.markSeen(message.messageId, now)
  }
  return result
}
