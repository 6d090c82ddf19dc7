import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import { AppError, type ErrorCode, type Issue, type IssueLocation } from '../errors.ts'
import { type StorageHealth, storageFaultOf, UnstorableText } from '../domain/storage-health.ts'
import type { Logger } from '../logger.ts'
import type { AppEnv } from './router.ts'

/** The only place that knows which HTTP status each error code means. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  suppressed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  storage_full: 507,
  storage_unavailable: 503,
  internal: 500,
}

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  suppressed: 'Erased and suppressed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
  storage_full: 'Insufficient storage',
  storage_unavailable: 'Storage unavailable',
  internal: 'Internal server error',
}

const IssueSchema = z.object({
  in: z.enum(['body', 'path', 'query', 'header']),
  path: z.array(z.union([z.string(), z.number()])),
  pointer: z.string().meta({ description: 'RFC 6901 JSON Pointer into the request part.' }),
  message: z.string(),
  code: z.string(),
})

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    requestId: z.string(),
    issues: z.array(IssueSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' })

const escapePointer = (part: string | number) =>
  String(part).replaceAll('~', '~0').replaceAll('/', '~1')

/** A custom issue may name a more precise code than 'custom' (`params.code`). */
function codeOf(issue: z.core.$ZodIssue): string {
  const params = issue.code === 'custom' ? issue.params : undefined
  return typeof params?.code === 'string' ? params.code : issue.code
}

/** Zod issues as ours; an unknown key becomes an issue at that key, where a person looks for it. */
export function issuesFromZod(error: z.ZodError, location: IssueLocation): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        in: location,
        path: [...path, key],
        message: 'is not a known field',
        code: issue.code,
      }))
    }
    return [{ in: location, path, message: issue.message, code: codeOf(issue) }]
  })
}

/** Methods that never write, so their answers say nothing about writing. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Input is validated before anything is stored (a batch is all or nothing), so a refused
 * write wrote nothing, and says so; a refused read has nothing to say about writing.
 */
function detailOf(c: Context, error: AppError): string {
  if (error.code !== 'validation_failed' || READS.has(c.req.method)) return error.message
  return `${error.message.replace(/\.$/, '')}; nothing was written.`
}

export function problem(c: Context, error: AppError): Response {
  const status = STATUS[error.code]
  const body = {
    type: `/docs/problems#${error.code}`,
    title: TITLES[error.code],
    status,
    detail: detailOf(c, error),
    instance: c.req.path,
    code: error.code,
    requestId: c.get('requestId') ?? '',
    ...(error.issues.length > 0 && {
      issues: error.issues.map((issue) => ({
        in: issue.in ?? 'body',
        path: issue.path,
        pointer: issue.path.map((part) => `/${escapePointer(part)}`).join(''),
        message: issue.message,
        code: issue.code,
      })),
    }),
  }
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' }
  if (error.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(error.retryAfterSeconds)
  return c.body(JSON.stringify(body), status, headers)
}

const FROM_HTTP_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
}

const HTTP_MESSAGES: Partial<Record<ErrorCode, string>> = {
  bad_request: 'The request body is not valid JSON.',
  payload_too_large: 'The request body is larger than the server accepts.',
}

/** A Content-Type is client input: echoed cut short, printable ASCII only. */
const shown = (text: string) => JSON.stringify(text.slice(0, 100).replace(/[^\x20-\x7e]/g, '?'))

/** What was sent and what this route takes (its declared media types, see http/router.ts). */
function unsupportedMediaType(sent: string | undefined, accepted: readonly string[]): AppError {
  const received =
    sent === undefined || sent.trim() === ''
      ? 'The request has a body but no Content-Type'
      : `Received Content-Type ${shown(sent)}`
  const accepts =
    accepted.length > 0
      ? `this route accepts ${accepted.join(' or ')}`
      : 'this route does not accept that Content-Type'
  return new AppError('unsupported_media_type', `${received}; ${accepts}.`)
}

/** Seconds a client should wait: space is freed by a person, a volume comes back sooner. */
const STORAGE_RETRY_SECONDS = { full: 60, unavailable: 5 } as const

/**
 * Maps anything thrown to a problem response; unknown errors are logged whole, answered with
 * an id only. A storage fault is not a bug: it is answered with its own code and reported to
 * `storage` (see domain/storage-health.ts), which logs it once per episode.
 */
export function toProblem(
  error: unknown,
  c: Context<AppEnv>,
  logger: Logger,
  storage?: StorageHealth,
): Response {
  if (error instanceof AppError) return problem(c, error)
  if (error instanceof HTTPException && error.status === 415) {
    return problem(c, unsupportedMediaType(c.req.header('content-type'), c.get('mediaTypes') ?? []))
  }
  if (error instanceof HTTPException) {
    const code = FROM_HTTP_STATUS[error.status] ?? 'bad_request'
    return problem(c, new AppError(code, HTTP_MESSAGES[code] ?? error.message))
  }
  if (error instanceof UnstorableText) return problem(c, new AppError('bad_request', error.message))
  const fault = storageFaultOf(error)
  if (fault === 'busy') {
    logger.warn({ requestId: c.get('requestId'), err: error }, 'database busy')
    return problem(
      c,
      new AppError('unavailable', 'The database is busy; retry shortly.', { retryAfterSeconds: 1 }),
    )
  }
  if (fault !== null) {
    storage?.failed(fault, error)
    const message =
      fault === 'full'
        ? 'The storage is full: nothing of this request was written; retry once space is freed.'
        : 'The storage cannot be written: nothing of this request was written; retry shortly.'
    return problem(
      c,
      new AppError(fault === 'full' ? 'storage_full' : 'storage_unavailable', message, {
        retryAfterSeconds: STORAGE_RETRY_SECONDS[fault],
      }),
    )
  }
  logger.error(
    { requestId: c.get('requestId'), route: c.req.routePath, err: error },
    'unhandled error',
  )
  return problem(
    c,
    new AppError(
      'internal',
      'Something went wrong on our side. Quote the request id when reporting it.',
    ),
  )
}
