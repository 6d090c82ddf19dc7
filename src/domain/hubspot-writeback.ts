import { DAY_MS } from '../vocabulary.ts'
import type { ClaimedWriteBack, NewWriteBack } from '../store/repos/hubspot.ts'
import type { Ctx } from './context.ts'
import { backoffMs } from './deliveries.ts'

export type { ClaimedWriteBack }

/**
 * HubSpot write-back: the intent state each changed score leaves for its HubSpot company, the
 * rules of the durable outbox it waits in (store/repos/hubspot.ts), and what a worker's send,
 * miss or failure means. How the API is called is jobs/hubspot-worker.ts and
 * integrations/hubspot-api.ts.
 */

/** The company properties written, created in HubSpot on first use (integrations/hubspot-api.ts). */
export const INTENT_PROPERTIES = [
  'intent_score',
  'intent_label',
  'intent_stage',
  'intent_surging_topics',
  'intent_updated_at',
] as const
export type IntentProperty = (typeof INTENT_PROPERTIES)[number]

/** HubSpot's limit for a text value is 65,536 characters; a long list helps no seller. */
const MAX_TOPICS = 20

export interface IntentState {
  score: number
  label: string
  stage: string
  surgingTopics: string[]
}

const sameState = (a: IntentState, b: IntentState) =>
  a.score === b.score &&
  a.label === b.label &&
  a.stage === b.stage &&
  a.surgingTopics.join('\u0000') === b.surgingTopics.join('\u0000')

/** The property values of a state; `intent_updated_at` is when the score that changed was computed. */
export function intentProperties(state: IntentState, at: number): Record<IntentProperty, string> {
  return {
    intent_score: String(state.score),
    intent_label: state.label,
    intent_stage: state.stage,
    intent_surging_topics: state.surgingTopics.slice(0, MAX_TOPICS).join('; '),
    intent_updated_at: new Date(at).toISOString(),
  }
}

/**
 * What a new score queues for HubSpot: its state, when HubSpot write-back is on and the state
 * differs from the stored one (an account's first score included); null otherwise, so that
 * rescoring what did not change costs HubSpot nothing.
 */
export function writeBackFor(
  ctx: Ctx,
  accountId: number,
  previous: IntentState | null,
  next: IntentState,
  at: number,
): NewWriteBack | null {
  if (!hubspotEnabled(ctx)) return null
  if (previous !== null && sameState(previous, next)) return null
  return { accountId, properties: JSON.stringify(intentProperties(next, at)) }
}

export const hubspotEnabled = (ctx: Ctx): boolean => ctx.config.HUBSPOT_ACCESS_TOKEN !== undefined

/** How long a worker holds what it took; a send is bounded far below (the client's deadline). */
const LEASE_MS = 5 * 60_000
/** A domain HubSpot has no company for is looked for again this much later, not at every change. */
export const MISS_RECHECK_MS = DAY_MS
/** Failed sends (other than a refused token or a rate limit) before a state is given up. */
export const MAX_ATTEMPTS = 8

export async function claimWriteBacks(ctx: Ctx, limit: number): Promise<ClaimedWriteBack[]> {
  const now = ctx.clock.now()
  return ctx.store.hubspot.claim(now, now + LEASE_MS, limit)
}

/** Whether the company is still to be searched for: never searched, or missed a day ago. */
export function needsSearch(ctx: Ctx, item: ClaimedWriteBack): boolean {
  if (item.company === undefined) return true
  return item.company.id === null && item.company.checkedAt + MISS_RECHECK_MS <= ctx.clock.now()
}

export async function rememberCompany(
  ctx: Ctx,
  item: ClaimedWriteBack,
  companyId: string | null,
): Promise<void> {
  await ctx.store.hubspot.rememberCompany(item.accountId, companyId, ctx.clock.now())
  item.company = { id: companyId, checkedAt: ctx.clock.now() }
}

/** Sent, or nothing to send (no company in HubSpot): done, unless a newer state came meanwhile. */
export async function recordWritten(ctx: Ctx, items: ClaimedWriteBack[]): Promise<void> {
  if (items.length > 0) await ctx.store.hubspot.done(items)
}

/** Not sent for a reason of the whole API (a rate limit, a refused token): kept, tried at `next`. */
export async function recordPostponed(
  ctx: Ctx,
  items: ClaimedWriteBack[],
  next: number,
  reason: string,
): Promise<void> {
  if (items.length > 0) await ctx.store.hubspot.retry(items, next, reason)
}

/**
 * A failed send: tried again after the deliveries' backoff, until the last attempt allowed,
 * when the state is given up (a newer state is queued by the next change anyway). Answers how
 * many were given up.
 */
export async function recordFailed(
  ctx: Ctx,
  items: ClaimedWriteBack[],
  reason: string,
  random: () => number,
): Promise<number> {
  const last = items.filter((item) => item.attempts + 1 >= MAX_ATTEMPTS)
  const again = items.filter((item) => item.attempts + 1 < MAX_ATTEMPTS)
  await recordWritten(ctx, last)
  for (const item of again) {
    const attempts = item.attempts + 1
    await ctx.store.hubspot.retry(
      [{ ...item, attempts }],
      ctx.clock.now() + backoffMs(attempts, random),
      reason,
    )
  }
  return last.length
}

/** HubSpot no longer has these companies: their accounts are searched for again. */
export async function forgetCompanies(ctx: Ctx, companyIds: string[]): Promise<void> {
  await ctx.store.hubspot.forgetCompanies(companyIds)
}

export async function pendingWriteBacks(ctx: Ctx): Promise<number> {
  return ctx.store.hubspot.pendingCount()
}
