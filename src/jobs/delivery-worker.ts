import type { Ctx } from '../domain/context.ts'
import { signGeneric } from '../integrations/signatures.ts'
import { type FailureClass, isRetryable } from '../outbound/failures.ts'
import { postNotification } from '../outbound/post.ts'
import type { Delivery } from '../store/repos/outbox.ts'
import { periodic } from './periodic.ts'

export const MAX_ATTEMPTS = 8
const BASE_DELAY_MS = 30_000
const MAX_DELAY_MS = 6 * 3_600_000

/**
 * Wait before attempt `attempts + 1`: 30 s doubling up to 6 h, each drawn between half and
 * the full delay ("equal jitter"), so receivers that failed together do not retry together.
 */
export function backoffMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export interface DeliveryDeps {
  random: () => number
}

/** One try. Where it may go, pinning and the caps are the outbound policy's (src/outbound). */
async function attempt(
  ctx: Ctx,
  delivery: Delivery,
  url: string,
  secret: string,
  deps: DeliveryDeps,
): Promise<void> {
  const attempts = delivery.attempts + 1
  const now = ctx.clock.now()
  const sent = await postNotification(
    ctx.outbound,
    url,
    {
      'content-type': 'application/json',
      'idempotency-key': delivery.id,
      'x-intent-event': delivery.event,
      'x-signature': signGeneric(delivery.payload, secret, Math.floor(now / 1000)),
    },
    delivery.payload,
  )
  if (sent.ok) {
    await ctx.store.outbox.markDelivered(delivery.id, attempts, ctx.clock.now())
    return
  }
  // The operator's log may have the error code; the API keeps only the class.
  ctx.logger.debug(
    { delivery: delivery.id, failure: sent.failure, code: sent.code },
    'delivery failed',
  )
  await fail(ctx, delivery.id, attempts, sent, deps)
}

/** Stores the class of the failure, and the status of an error reply; never a message. */
async function fail(
  ctx: Ctx,
  id: string,
  attempts: number,
  sent: { failure: FailureClass; status?: number },
  deps: DeliveryDeps,
): Promise<void> {
  const last = attempts >= MAX_ATTEMPTS || !isRetryable(sent.failure)
  const next = last ? null : ctx.clock.now() + backoffMs(attempts, deps.random)
  await ctx.store.outbox.markFailed(id, attempts, next, sent.failure, sent.status ?? null)
}

/** Sends every delivery that is due; returns how many were attempted. */
export async function deliverDue(
  ctx: Ctx,
  deps: DeliveryDeps = { random: Math.random },
): Promise<number> {
  const due = await ctx.store.outbox.due(ctx.clock.now(), 50)
  if (due.length === 0) return 0
  const subscriptions = new Map((await ctx.store.outbox.subscriptions()).map((s) => [s.id, s]))
  await Promise.all(
    due.map(async (delivery) => {
      const subscription = subscriptions.get(delivery.subscriptionId)
      if (subscription) await attempt(ctx, delivery, subscription.url, subscription.secret, deps)
    }),
  )
  return due.length
}

export interface DeliveryWorker {
  start(): void
  /** Takes no new round; the round in flight still runs. */
  halt(): void
  /**
   * Halts, awaits the round in flight and, if the worker was started and `drain` is set, sends
   * once more what is due now (notifications the last refresh or job queued). Each attempt is
   * bounded by the outbound policy's deadline; anything still pending stays in the outbox.
   */
  stop(): Promise<void>
}

export interface DeliveryWorkerOptions {
  intervalMs?: number
  /** A last round on stop (the server's); a command that never started the worker sends none. */
  drain?: boolean
  /** One round: send what is due, returning how many were attempted. */
  deliver?: (ctx: Ctx) => Promise<number>
}

/**
 * Polls the outbox. Deliveries live in the database, so a restart loses none: the next
 * process picks up whatever is still pending. Made by the composition root, started by
 * `start()`; `stop()` waits for the round in flight.
 */
export function createDeliveryWorker(
  ctx: Ctx,
  options: DeliveryWorkerOptions = {},
): DeliveryWorker {
  const { intervalMs = 1000, drain = false, deliver = (c: Ctx) => deliverDue(c) } = options
  const round = () =>
    deliver(ctx).catch((error: unknown) =>
      ctx.logger.warn({ err: error }, 'delivery round failed; will retry'),
    )
  const loop = periodic(round, intervalMs)
  return {
    start: loop.start,
    halt: loop.halt,
    async stop() {
      await loop.stop()
      if (drain && loop.started) await round()
    },
  }
}
