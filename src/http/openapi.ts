import { z } from 'zod'
import { ProblemSchema } from './errors.ts'

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, or a validation failure listing every issue',
  401: 'No API key, or an unknown, revoked or expired one',
  403: 'The API key lacks the scope this route needs',
  404: 'Not found',
  413: 'The body is larger than MAX_BODY_BYTES',
  409: 'Conflicts with the current state (e.g. a job of that kind is running), or `suppressed`: it names an erased person or account',
  415: 'The Content-Type is not one this route accepts',
  429: 'Too many requests from this key (or, on webhooks, this address); retry after Retry-After',
  503: 'The database is busy; retry after the Retry-After header',
}

/** Problem responses for the OpenAPI document, so clients see every status a route can answer. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  )
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}

export const bearerAuth = [{ bearerAuth: [] }]

export const isoInstant = z
  .string()
  .meta({ format: 'date-time', example: '2026-11-02T09:30:00.000Z' })

/** Times leave the service as ISO 8601 strings. */
export const iso = (ms: number) => new Date(ms).toISOString()
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))
