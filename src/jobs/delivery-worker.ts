import type { Ctx } from '../domain/context.ts'
import { signGeneric } from '../integrations/signatures.ts'
import type { Delivery } from '../store/repos/outbox.ts'

export const MAX_ATTEMPTS = 8
const BASE_DELAY_MS = 30_000
const MAX_DELAY_MS = 6 * 3_600_000
const TIMEOUT_MS = 10_000

/**
 * Wait before attempt `attempts + 1`: 30 s doubling up to 6 h, each drawn between half and
 * the full delay ("equal jitter"), so receivers that failed together do not retry together.
 */
export function backoffMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export interface DeliveryDeps {
  fetch: typeof fetch
  random: () => number
}

async function attempt(
  ctx: Ctx,
  delivery: Delivery,
  url: string,
  secret: string,
  deps: DeliveryDeps,
): Promise<void> {
  const attempts = delivery.attempts + 1
  const now = ctx.clock.now()
  try {
    const response = await deps.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': delivery.id,
        'x-intent-event': delivery.event,
        'x-signature': signGeneric(delivery.payload, secret, Math.floor(now / 1000)),
      },
      body: delivery.payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    await response.arrayBuffer().catch(() => undefined)
    if (response.ok) {
      await ctx.store.outbox.markDelivered(delivery.id, attempts, ctx.clock.now())
      return
    }
    await fail(ctx, delivery.id, attempts, `HTTP ${response.status}`, deps)
  } catch (error) {
    await fail(
      ctx,
      delivery.id,
      attempts,
      error instanceof Error ? error.message : String(error),
      deps,
    )
  }
}

async function fail(
  ctx: Ctx,
  id: string,
  attempts: number,
  reason: string,
  deps: DeliveryDeps,
): Promise<void> {
  const next = attempts >= MAX_ATTEMPTS ? null : ctx.clock.now() + backoffMs(attempts, deps.random)
  await ctx.store.outbox.markFailed(id, attempts, next, reason)
}

/** Sends every delivery that is due; returns how many were attempted. */
export async function deliverDue(
  ctx: Ctx,
  deps: DeliveryDeps = { fetch, random: Math.random },
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

/**
 * Polls the outbox. Deliveries live in the database, so a restart loses none: the next
 * process picks up whatever is still pending. `stop()` waits for the round in flight.
 */
export function startDeliveryWorker(ctx: Ctx, intervalMs = 1000): { stop(): Promise<void> } {
  let current: Promise<unknown> = Promise.resolve()
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    current = deliverDue(ctx)
      .catch((error: unknown) =>
        ctx.logger.warn({ err: error }, 'delivery round failed; will retry'),
      )
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await current
    },
  }
}
