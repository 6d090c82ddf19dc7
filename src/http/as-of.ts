import type { Context } from 'hono'
import { z } from 'zod'
import type { Clock } from '../clock.ts'
import { validationFailed } from '../errors.ts'

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

/**
 * A paged listing's cursor carries the asOf of its first page, so every page answers as of the
 * same instant: an asOf beside a cursor would contradict it, and is refused.
 */
export function refuseAsOfBesideCursor(c: Context): void {
  if (c.req.query('asOf') === undefined) return
  throw validationFailed([
    {
      in: 'query',
      path: ['asOf'],
      message: 'must not be given with a cursor: the cursor holds the asOf of its first page',
      code: 'needs_no_as_of',
    },
  ])
}
