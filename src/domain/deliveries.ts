import { type FailureClass, isRetryable } from '../outbound/failures.ts'
import type { Delivery, Subscription } from '../store/repos/outbox.ts'
import type { Ctx } from './context.ts'

/** Attempts before a delivery is given up ('dead'): with the backoff, 32 to 64 minutes of tries. */
export const MAX_ATTEMPTS = 8
const BASE_DELAY_MS = 30_000
const MAX_DELAY_MS = 6 * 3_600_000
/** Deliveries sent per round: each is bounded by the outbound deadline, and they go in parallel. */
const ROUND_SIZE = 50

/**
 * Wait before attempt `attempts + 1`: 30 s doubling up to 6 h, each drawn between half and
 * the full delay ("equal jitter"), so receivers that failed together do not retry together.
 */
export function backoffMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** A delivery to attempt now, and where it goes. */
export interface DueDelivery {
  delivery: Delivery
  subscription: Subscription
}

/**
 * Due: still pending, and its next attempt's time has come (a new delivery's is its creation),
 * earliest first, one round's worth. A delivery whose subscription was removed in between is
 * not sent.
 */
export async function dueDeliveries(ctx: Ctx): Promise<DueDelivery[]> {
  const due = await ctx.store.outbox.due(ctx.clock.now(), ROUND_SIZE)
  if (due.length === 0) return []
  const subscriptions = new Map((await ctx.store.outbox.subscriptions()).map((s) => [s.id, s]))
  return due.flatMap((delivery) => {
    const subscription = subscriptions.get(delivery.subscriptionId)
    return subscription ? [{ delivery, subscription }] : []
  })
}

/** The receiver took it: attempt `attempts + 1` was the last. */
export async function recordDelivered(ctx: Ctx, delivery: Delivery): Promise<void> {
  await ctx.store.outbox.markDelivered(delivery.id, delivery.attempts + 1, ctx.clock.now())
}

/**
 * An attempt failed: retried after the backoff, unless it was the last one allowed or the
 * failure is one a retry cannot cure. Stores the class of the failure, and the status of an
 * error reply; never a message.
 */
export async function recordFailedAttempt(
  ctx: Ctx,
  delivery: Delivery,
  sent: { failure: FailureClass; status?: number },
  random: () => number,
): Promise<void> {
  const attempts = delivery.attempts + 1
  const last = attempts >= MAX_ATTEMPTS || !isRetryable(sent.failure)
  const next = last ? null : ctx.clock.now() + backoffMs(attempts, random)
  await ctx.store.outbox.markFailed(delivery.id, attempts, next, sent.failure, sent.status ?? null)
  if (last) ctx.metrics.outboxDead.inc()
}
