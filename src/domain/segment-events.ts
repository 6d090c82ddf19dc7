import { randomBytes } from 'node:crypto'
import type { NewDelivery, Subscription } from '../store/repos/outbox.ts'
import type { MembershipChange, MembershipEvents } from '../store/repos/segment-members.ts'

export const SEGMENT_EVENTS = ['segment.entered', 'segment.exited'] as const
export type SegmentEvent = (typeof SEGMENT_EVENTS)[number]

const isSegmentEvent = (event: string) => (SEGMENT_EVENTS as readonly string[]).includes(event)

const wants = (subscription: Subscription, event: SegmentEvent, segmentId: string) =>
  subscription.events.includes(event) &&
  (subscription.segments == null || subscription.segments.includes(segmentId))

/**
 * What an account entering or leaving a segment sends: one delivery per subscription that asked
 * for the event (and the segment, when it named segments). Null without any such subscription,
 * so a store moving members queues nothing. `account` names the domain as every notification
 * does, so that an erasure removes the queued ones with the rest.
 */
export function segmentEventsFor(
  subscriptions: readonly Subscription[],
  at: number,
): MembershipEvents | null {
  const interested = subscriptions.filter((s) => s.events.some(isSegmentEvent))
  if (interested.length === 0) return null
  return (change: MembershipChange): NewDelivery[] => {
    const event: SegmentEvent = change.entered ? 'segment.entered' : 'segment.exited'
    return interested
      .filter((subscription) => wants(subscription, event, change.segmentId))
      .map((subscription) => {
        const id = `dlv_${randomBytes(9).toString('hex')}`
        const payload = {
          id,
          event,
          occurredAt: new Date(at).toISOString(),
          segment: change.segmentId,
          segmentName: change.segmentName,
          account: change.domain,
          score: change.score.score,
          label: change.score.label,
          stage: change.score.stage,
          model: change.score.modelId,
        }
        return { id, subscriptionId: subscription.id, event, payload: JSON.stringify(payload) }
      })
  }
}
