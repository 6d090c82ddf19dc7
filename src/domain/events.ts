import type { EventSource } from '../store/repos/webhooks.ts'
import type { Ctx } from './context.ts'

export type { EventSource }

export type Once<T> = { duplicate: true } | { duplicate: false; result: T }

/**
 * The one rule for at-least-once senders (CRM webhooks, HubSpot, Segment): an event id is
 * applied at most once. The id is claimed before the change, in one statement, so two
 * concurrent deliveries cannot both apply it; a change that fails gives the claim back, so
 * the sender's retry applies it instead of being taken for a duplicate.
 */
export async function applyOnce<T>(
  ctx: Ctx,
  source: EventSource,
  eventId: string,
  apply: () => Promise<T>,
): Promise<Once<T>> {
  if (!(await ctx.store.webhooks.claim(source, eventId, ctx.clock.now())))
    return { duplicate: true }
  try {
    return { duplicate: false, result: await apply() }
  } catch (error) {
    await ctx.store.webhooks.release(source, eventId)
    throw error
  }
}
