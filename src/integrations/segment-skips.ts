import type { SegmentMessage } from './segment.ts'

/** Why a valid message was skipped: one sentence per reason, here only. */
export const SKIP_REASONS = {
  no_email: 'an identify needs traits.email, a valid e-mail address',
  no_domain: 'a group needs traits.website, traits.domain or a groupId that is a domain',
  unknown_user:
    'a track or page needs a userId identified before (with an e-mail) or properties.account / properties.domain',
  invalid_signal: 'the signal it maps to is invalid',
  unsupported_type: 'screen and alias messages are not used',
} as const
export type SkipReason = keyof typeof SKIP_REASONS

export interface Skip {
  /** The message's position: in `batch`, or 0 for a single call. */
  index: number
  messageId?: string
  type: SegmentMessage['type']
  reason: SkipReason
  message: string
}

/** An answer lists this many skips at most; `skipped` counts them all. */
export const MAX_SKIPS_LISTED = 100

/** A skip as the processing of one message returns it: the reason, and what was wrong. */
export interface SkipOutcome {
  skipped: SkipReason
  detail?: string
}

export const skipped = (reason: SkipReason, detail?: string): SkipOutcome => ({
  skipped: reason,
  ...(detail !== undefined && { detail }),
})

/** A skip as the answer lists it. */
export function skipOf(index: number, message: SegmentMessage, outcome: SkipOutcome): Skip {
  const reason = SKIP_REASONS[outcome.skipped]
  return {
    index,
    ...(message.messageId && { messageId: message.messageId }),
    type: message.type,
    reason: outcome.skipped,
    message: outcome.detail === undefined ? reason : `${reason} (${outcome.detail})`,
  }
}
