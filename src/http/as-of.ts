import type { Context } from 'hono'
import { z } from 'zod'
import type { Clock } from '../clock.ts'
import { validationFailed } from '../errors.ts'

const DATE = z.iso.date()
const DATE_TIME = z.iso.datetime({ offset: true })

/**
 * The one rule for the dates a request names (`asOf`, `from`, `to`): a calendar date is its
 * first instant, 00:00 UTC (as ISO 8601 and Date.parse read it), or a date-time with its time
 * zone, since a server's local time would make the same URL mean different instants. Parsed
 * to milliseconds since the epoch.
 */
export const dateOrDateTime = z
  .string()
  .refine((value) => DATE.safeParse(value).success || DATE_TIME.safeParse(value).success, {
    message:
      'must be a date (2026-11-01, meaning 00:00 UTC) or an ISO 8601 date-time with a time zone (2026-11-01T09:30:00Z)',
    params: { code: 'invalid_format' },
  })
  .transform((value) => Date.parse(value))

/** `?asOf=`: answer with only what had happened by then. Defaults to now. */
export function asOfQuery(clock: Clock) {
  return dateOrDateTime
    .optional()
    .transform((at, ctx) => {
      const now = clock.now()
      if (at === undefined) return now
      if (at > now) ctx.addIssue({ code: 'custom', message: 'must not be in the future' })
      return at
    })
    .meta({
      description:
        'Answer as of this instant (a date means 00:00 UTC), counting only what occurred by then. Default: now.',
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
