import { rememberSegmentUser, segmentUserEmail } from '../domain/external-ids.ts'
import { SIGNAL_TYPES } from '../vocabulary.ts'
import { z } from 'zod'
import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { applyOnce, type Once } from '../domain/events.ts'
import type { IngestWarning } from '../records.ts'
import { runSignals, topicWarning } from '../domain/signals.ts'
import { unlessSuppressed } from '../domain/suppressions.ts'
import { looseText } from '../ingest/fields.ts'
import { normalizeDomain, normalizeEmail } from '../ingest/identity.ts'
import { taxonomyTopic } from '../domain/taxonomy.ts'
import {
  createIngestSchemas,
  type IngestSchemas,
  MAX_EVIDENCE_LENGTH,
  TOPIC_REQUIRED,
} from '../ingest/schemas.ts'
import { searchTerms, signalForEvent } from './segment-events.ts'
import { MAX_SKIPS_LISTED, type Skip, type SkipOutcome, skipOf, skipped } from './segment-skips.ts'

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
  /** Why, for the first MAX_SKIPS_LISTED of them; present only when any. */
  skips?: Skip[]
  /** Messages naming an erased person or account, dropped; present only when not 0. */
  suppressed?: number
  /** As in signal ingest answers (topic limit); present only when any. */
  warnings?: IngestWarning[]
}

/** What became of one message; a skip says why. */
type Outcome = 'processed' | 'suppressed' | SkipOutcome

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

function instant(message: SegmentMessage, now: number): number {
  const at = message.timestamp ? Date.parse(message.timestamp) : Number.NaN
  return Number.isNaN(at) ? now : Math.min(at, now)
}

async function identify(ctx: Ctx, message: SegmentMessage): Promise<Outcome> {
  const traits = message.traits ?? {}
  const email = normalizeEmail(str(traits.email) ?? '')
  if (!email.ok) return skipped('no_email')
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
  const stored = await unlessSuppressed(() =>
    putContact(ctx, email.value, {
      ...(name && { name }),
      ...(title && { title }),
      ...(domain?.ok && { account: domain.value }),
    }),
  )
  if (!stored) return 'suppressed'
  if (message.userId) await rememberSegmentUser(ctx, message.userId, email.value.email)
  return 'processed'
}

async function group(ctx: Ctx, message: SegmentMessage): Promise<Outcome> {
  const traits = message.traits ?? {}
  const candidate = str(traits.website) ?? str(traits.domain) ?? message.groupId ?? ''
  const domain = normalizeDomain(candidate)
  if (!domain.ok) return skipped('no_domain')
  const employees = Number(traits.employees)
  const name = looseText(traits.name, 200)
  const industry = looseText(traits.industry, 100)
  const stored = await unlessSuppressed(() =>
    putAccount(ctx, domain.value, {
      ...(name && { name }),
      ...(industry && { industry }),
      ...(Number.isInteger(employees) &&
        employees >= 0 &&
        employees <= 10_000_000 && { employees }),
    }),
  )
  if (!stored) return 'suppressed'
  const email = message.userId ? await segmentUserEmail(ctx, message.userId) : null
  const normalized = email === null ? null : normalizeEmail(email)
  if (normalized?.ok) {
    const linked = await unlessSuppressed(() =>
      putContact(ctx, normalized.value, { account: domain.value }),
    )
    if (!linked) return 'suppressed'
  }
  return 'processed'
}

/** A page's or event's title, and what was searched for: what the taxonomy reads topics from. */
function evidenceOf(message: SegmentMessage) {
  const properties = message.properties ?? {}
  const page = (message.context?.page ?? {}) as Record<string, unknown>
  const url = str(properties.url) ?? str(page.url)
  const title = looseText(
    str(properties.title) ??
      str(page.title) ??
      (message.type === 'page' ? (message.name ?? undefined) : undefined),
    MAX_EVIDENCE_LENGTH,
  )
  const query = looseText(
    searchTerms(properties.query) ??
      searchTerms(properties.search ?? page.search) ??
      searchTerms(properties.keywords),
    MAX_EVIDENCE_LENGTH,
  )
  return { url: url && /^https?:\/\//i.test(url) ? url : undefined, title, query }
}

/** What the messages of one request share: its time, its schemas, the warnings so far. */
interface SegmentBatch {
  ctx: Ctx
  now: number
  schemas: IngestSchemas
  warnings: IngestWarning[]
}

async function trackOrPage(batch: SegmentBatch, message: SegmentMessage): Promise<Outcome> {
  const { ctx, now } = batch
  const properties = message.properties ?? {}
  const email = message.userId ? await segmentUserEmail(ctx, message.userId) : null
  const explicitDomain = str(properties.account) ?? str(properties.domain)
  if (!email && !explicitDomain) return skipped('unknown_user')
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
  const { url, title, query } = evidenceOf(message)
  // Research without a topic says nothing, unless the taxonomy reads one from the page.
  if (
    TOPIC_REQUIRED.has(type) &&
    !topic &&
    ctx.taxonomy.current().match({ url, title, query }) === null
  )
    type = 'web_visit'
  const raw = {
    id: message.messageId ? `seg:${message.messageId}` : undefined,
    type,
    ...(email && { contact: email }),
    ...(explicitDomain && { account: explicitDomain }),
    ...(topic && { topic }),
    action,
    occurredAt: new Date(instant(message, now)).toISOString(),
    source: 'segment',
    ...(url && { url }),
    ...(title && { title }),
    ...(query && { query }),
  }
  // One message at a time, in order: a track after an identify in the same request must see it.
  const run = await runSignals(ctx, { raw: [raw], schema: batch.schemas.signal, rejects: 'item' })
  const issue = run.rejected[0]?.issues[0]
  if (run.rejected.length > 0)
    return skipped(
      'invalid_signal',
      issue && `${issue.path.join('.') || 'signal'}: ${issue.message}`,
    )
  batch.warnings.push(...(run.answer.warnings ?? []))
  return run.answer.suppressed ? 'suppressed' : 'processed'
}

/**
 * Segment-spec messages in order: identify → contact (and remembers its userId), group →
 * account (and links the calling user), track/page → signals. A messageId seen before is a
 * no-op, so a client's retries change nothing.
 */
export async function processSegment(ctx: Ctx, messages: SegmentMessage[]): Promise<SegmentResult> {
  const result = { processed: 0, duplicates: 0, skipped: 0, suppressed: 0 }
  const skips: Skip[] = []
  const now = ctx.clock.now()
  await ctx.taxonomy.refresh()
  const batch: SegmentBatch = {
    ctx,
    now,
    schemas: createIngestSchemas(ctx.clock, taxonomyTopic(ctx)),
    warnings: [],
  }
  for (const [index, message] of messages.entries()) {
    const work = () => apply(batch, message)
    const once: Once<Outcome> = message.messageId
      ? await applyOnce(ctx, 'segment', message.messageId, work)
      : { duplicate: false, result: await work() }
    if (once.duplicate) {
      result.duplicates += 1
      continue
    }
    const outcome = once.result
    if (typeof outcome === 'string') result[outcome] += 1
    else {
      result.skipped += 1
      if (skips.length < MAX_SKIPS_LISTED) skips.push(skipOf(index, message, outcome))
    }
  }
  const { suppressed, ...counts } = result
  return {
    ...counts,
    ...(skips.length > 0 && { skips }),
    ...(suppressed > 0 && { suppressed }),
    ...(batch.warnings.length > 0 && { warnings: mergeWarnings(ctx, batch.warnings) }),
  }
}

function apply(batch: SegmentBatch, message: SegmentMessage): Promise<Outcome> {
  switch (message.type) {
    case 'identify':
      return identify(batch.ctx, message)
    case 'group':
      return group(batch.ctx, message)
    case 'track':
    case 'page':
      return trackOrPage(batch, message)
    default:
      return Promise.resolve(skipped('unsupported_type'))
  }
}

/** One warning per account, however many messages of the batch it was for. */
function mergeWarnings(ctx: Ctx, warnings: IngestWarning[]): IngestWarning[] {
  const signals = new Map<string, number>()
  for (const { account, signals: n } of warnings)
    signals.set(account, (signals.get(account) ?? 0) + n)
  return [...signals].map(([account, n]) => topicWarning(ctx, account, n))
}
