import { AppError } from '../errors.ts'
import type { EventSource } from '../store/repos/webhooks.ts'
import type { Ctx } from './context.ts'

export type { EventSource }

export type Once<T> = { duplicate: true } | { duplicate: false; result: T }

/**
 * How long a claim whose change has not finished keeps other deliveries of the event away.
 * Changes take milliseconds; a claim this old was left by a process that died mid-change.
 */
export const CLAIM_LEASE_MS = 5 * 60_000

/**
 * The events being applied by this service, by source and id, each settling to whether it
 * was applied: made by the composition root (`ctx.eventsInFlight`).
 */
export type EventsInFlight = Map<string, Promise<boolean>>

/**
 * The one rule for at-least-once senders (CRM webhooks, HubSpot, Segment): an event id is
 * applied once, and a delivery is answered "duplicate" only once its change is stored.
 *
 * The claim has two phases, because the change cannot share the claim's transaction: verbs
 * await, other requests' writes interleave on the one connection between the awaits, and
 * some writes go through group commits. So the id is claimed (pending, with the time) before
 * the change and marked applied after it. A change that fails gives the claim back; a process
 * that dies in between leaves it pending, and a retry takes it over once `CLAIM_LEASE_MS` has
 * passed (before that it is answered 503 with Retry-After, not "duplicate": a sender that hears
 * "duplicate" stops retrying, and the event would be lost). Applying an event twice after such
 * a take-over is harmless because every change behind this rule is an upsert or a
 * dedupe-keyed ingest: accounts and contacts are upserted field by field, CRM object and
 * Segment user ids are upserted, CRM deal outcomes carry the id `crm:<deal>:<outcome>` and
 * Segment signals `seg:<messageId>`, so a second ingest is counted as a duplicate.
 *
 * Two deliveries of one event in this process do not race: the second waits for the first and
 * is a duplicate if it applied, or claims the event itself if it failed.
 */
export async function applyOnce<T>(
  ctx: Ctx,
  source: EventSource,
  eventId: string,
  apply: () => Promise<T>,
): Promise<Once<T>> {
  const key = `${source}\u0000${eventId}`
  for (;;) {
    const running = ctx.eventsInFlight.get(key)
    if (running === undefined) break
    if (await running) return { duplicate: true }
  }
  // Registered before the first await, so that a delivery arriving meanwhile waits for this one.
  let settle!: (applied: boolean) => void
  ctx.eventsInFlight.set(key, new Promise<boolean>((resolve) => (settle = resolve)))
  let applied = false
  try {
    const claimedAt = ctx.clock.now()
    const claim = await ctx.store.webhooks.claim(source, eventId, claimedAt, CLAIM_LEASE_MS)
    if (claim.state === 'applied') {
      applied = true
      return { duplicate: true }
    }
    if (claim.state === 'pending') throw eventBusy(claim.claimedAt + CLAIM_LEASE_MS - claimedAt)
    let result: T
    try {
      result = await apply()
    } catch (error) {
      await ctx.store.webhooks.release(source, eventId, claimedAt)
      throw error
    }
    await ctx.store.webhooks.confirm(source, eventId, ctx.clock.now())
    applied = true
    return { duplicate: false, result }
  } finally {
    ctx.eventsInFlight.delete(key)
    settle(applied)
  }
}

function eventBusy(leaseLeftMs: number): AppError {
  return new AppError(
    'unavailable',
    'Another delivery of this event is being applied, or was cut off; retry later.',
    { retryAfterSeconds: Math.max(1, Math.ceil(leaseLeftMs / 1000)) },
  )
}
