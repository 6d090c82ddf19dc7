import type { Ctx } from '../domain/context.ts'
import {
  type DueDelivery,
  dueDeliveries,
  recordDelivered,
  recordFailedAttempt,
} from '../domain/deliveries.ts'
import { signGeneric } from '../integrations/signatures.ts'
import { postNotification } from '../outbound/post.ts'
import { periodic } from './periodic.ts'
import { reportBackgroundFailure } from '../domain/storage-health.ts'

export interface DeliveryDeps {
  random: () => number
}

/** One try. Where it may go, pinning and the caps are the outbound policy's (src/outbound). */
async function attempt(ctx: Ctx, due: DueDelivery, deps: DeliveryDeps): Promise<void> {
  const { delivery, subscription } = due
  const now = ctx.clock.now()
  const sent = await postNotification(
    ctx.outbound,
    subscription.url,
    {
      'content-type': 'application/json',
      'idempotency-key': delivery.id,
      'x-intent-event': delivery.event,
      'x-signature': signGeneric(delivery.payload, subscription.secret, Math.floor(now / 1000)),
    },
    delivery.payload,
  )
  if (sent.ok) {
    await recordDelivered(ctx, delivery)
    return
  }
  // The operator's log may have the error code; the API keeps only the class.
  ctx.logger.debug(
    { delivery: delivery.id, failure: sent.failure, code: sent.code },
    'delivery failed',
  )
  await recordFailedAttempt(ctx, delivery, sent, deps.random)
}

/** Sends every delivery that is due; returns how many were attempted. */
export async function deliverDue(
  ctx: Ctx,
  deps: DeliveryDeps = { random: Math.random },
): Promise<number> {
  const due = await dueDeliveries(ctx)
  await Promise.all(due.map((delivery) => attempt(ctx, delivery, deps)))
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
      reportBackgroundFailure(ctx, error, 'delivery round failed; will retry'),
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
