import { z } from 'zod'
import type { Clock } from '../clock.ts'

/** `?asOf=<ISO instant>`: answer with only what had happened by then. Defaults to now. */
export function asOfQuery(clock: Clock) {
  return z.iso
    .datetime({
      offset: true,
      error: 'must be an ISO 8601 instant with a time zone, e.g. 2026-11-01T00:00:00Z',
    })
    .optional()
    .transform((value, ctx) => {
      const now = clock.now()
      if (value === undefined) return now
      const at = Date.parse(value)
      if (at > now) ctx.addIssue({ code: 'custom', message: 'must not be in the future' })
      return at
    })
    .meta({
      description:
        'Answer as of this instant, counting only signals that occurred by then. Default: now.',
      example: '2026-11-01T00:00:00Z',
    })
}
