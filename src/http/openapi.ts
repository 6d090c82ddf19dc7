import type { RouteConfig } from '@hono/zod-openapi'
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

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true as const, content: { 'application/json': { schema } } }
}

/** `{id}`: a job's, a subscription's, as the service issued it. */
export const IdParam = z.object({ id: z.string().max(100) })

/** A create-or-update's answers: 201 when it created, 200 when it updated. */
export function upsertResponses<T extends z.ZodType>(schema: T) {
  return {
    200: json(schema, 'Updated'),
    201: json(schema, 'Created'),
    ...problems(400, 401, 403, 409, 413, 415),
  }
}

/**
 * Every /v1 route is rate-limited (per key, or per client address on webhooks) and uses the
 * database, which may be busy: declared here once, so no route's document can leave them out.
 */
export function withServiceProblems<R extends RouteConfig>(route: R): R {
  if (!route.path.startsWith('/v1/')) return route
  return { ...route, responses: { ...problems(429, 503), ...route.responses } }
}

/** How each route authenticates, as the document's security schemes (registered in routes/docs.ts). */
export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer ik_…`',
  },
  writeKey: {
    type: 'http',
    scheme: 'basic',
    description: 'Segment style: a write-scope key as the user name, empty password.',
  },
  crmSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      '`t=<unix seconds>,v1=<hex HMAC-SHA256(WEBHOOK_SECRET, "<t>.<raw body>")>`, within 5 minutes: the signature is the credential.',
  },
  hubspotSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-HubSpot-Signature-v3',
    description:
      'HubSpot signature v3: Base64 HMAC-SHA256(HUBSPOT_CLIENT_SECRET, method + URI + body + X-HubSpot-Request-Timestamp), within 5 minutes.',
  },
} as const

type Scheme = keyof typeof SECURITY_SCHEMES
const requires = (scheme: Scheme) => [{ [scheme]: [] }]

export const bearerAuth = requires('bearerAuth')
export const writeKeyAuth = requires('writeKey')
export const crmSignatureAuth = requires('crmSignature')
export const hubspotSignatureAuth = requires('hubspotSignature')
/** Declared as public, not merely undeclared: `[]` overrides any document-wide requirement. */
export const publicRoute: [] = []

export const isoInstant = z
  .string()
  .meta({ format: 'date-time', example: '2026-11-02T09:30:00.000Z' })

/** Times leave the service as ISO 8601 strings. */
export const iso = (ms: number) => new Date(ms).toISOString()
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))
