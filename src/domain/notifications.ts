import { randomBytes } from 'node:crypto'
import { AppError } from '../errors.ts'
import { storedFailureClass } from '../outbound/failures.ts'
import type { NewDelivery, Subscription } from '../store/repos/outbox.ts'
import type { Ctx } from './context.ts'
import { SEGMENT_EVENTS } from './segment-events.ts'

/** What a score change raises (below), and what a segment's members moving raises (segment-events.ts). */
export const SCORE_EVENTS = ['score.crossed', 'label.changed', 'stage.changed'] as const
export const NOTIFICATION_EVENTS = [...SCORE_EVENTS, ...SEGMENT_EVENTS] as const
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number]
type ScoreEvent = (typeof SCORE_EVENTS)[number]

export interface ScoreState {
  score: number
  label: string
  stage: string
}

/** Which events a score change raises for one subscription; none for an account's first score. */
export function raisedEvents(
  previous: ScoreState | null,
  next: ScoreState,
  subscription: Subscription,
): ScoreEvent[] {
  if (previous === null) return []
  const events: ScoreEvent[] = []
  const wasAbove = previous.score >= subscription.threshold
  if (wasAbove !== next.score >= subscription.threshold) events.push('score.crossed')
  if (previous.label !== next.label) events.push('label.changed')
  if (previous.stage !== next.stage) events.push('stage.changed')
  return events.filter((event) => subscription.events.includes(event))
}

/** The deliveries a score change causes; their ids are the receivers' idempotency keys. */
export function deliveriesFor(
  domain: string,
  previous: ScoreState | null,
  next: ScoreState & { model: string },
  subscriptions: Subscription[],
  at: number,
): NewDelivery[] {
  return subscriptions.flatMap((subscription) =>
    raisedEvents(previous, next, subscription).map((event) => {
      const id = `dlv_${randomBytes(9).toString('hex')}`
      const payload = {
        id,
        event,
        occurredAt: new Date(at).toISOString(),
        account: domain,
        score: next.score,
        previousScore: previous?.score ?? null,
        label: next.label,
        previousLabel: previous?.label ?? null,
        stage: next.stage,
        previousStage: previous?.stage ?? null,
        threshold: subscription.threshold,
        model: next.model,
      }
      return { id, subscriptionId: subscription.id, event, payload: JSON.stringify(payload) }
    }),
  )
}

export async function subscribe(
  ctx: Ctx,
  input: {
    url: string
    events: NotificationEvent[]
    threshold?: number
    secret: string
    segments?: string[]
  },
): Promise<Subscription> {
  const subscription: Subscription = {
    id: `sub_${randomBytes(6).toString('hex')}`,
    url: input.url,
    events: [...new Set(input.events)],
    threshold: input.threshold ?? 60,
    secret: input.secret,
    createdAt: ctx.clock.now(),
    segments: input.segments === undefined ? null : [...new Set(input.segments)],
  }
  await ctx.store.outbox.subscribe(subscription)
  return subscription
}

export async function listSubscriptions(ctx: Ctx): Promise<Subscription[]> {
  return ctx.store.outbox.subscriptions()
}

/** Removes a subscription; false when there was none. */
export async function unsubscribe(ctx: Ctx, id: string): Promise<boolean> {
  return ctx.store.outbox.unsubscribe(id)
}

export async function subscriptionDeliveries(ctx: Ctx, id: string, limit: number) {
  if (!(await ctx.store.outbox.subscriptions()).some((subscription) => subscription.id === id)) {
    throw new AppError('not_found', `The subscription '${id}' was not found.`)
  }
  const deliveries = await ctx.store.outbox.deliveries(id, limit)
  return deliveries.map((delivery) => ({
    ...delivery,
    lastError: storedFailureClass(delivery.lastError),
  }))
}
