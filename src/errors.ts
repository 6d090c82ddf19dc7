/**
 * The one error type of the service. Codes form a closed set; each transport maps them
 * once (see `http/errors.ts`). Messages are written for the API user: never put secrets
 * or personal data in them.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'suppressed',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'storage_full',
  'storage_unavailable',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Which part of a request an issue is in; batch files and webhooks use `body`. */
export type IssueLocation = 'body' | 'path' | 'query' | 'header'

/** One problem with one input field; `path` is the location inside that part. */
export interface Issue {
  path: (string | number)[]
  message: string
  code: string
  in?: IssueLocation
}

export class AppError extends Error {
  override name = 'AppError'
  readonly code: ErrorCode
  readonly issues: Issue[]
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { issues?: Issue[]; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.issues = options.issues ?? []
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

/** The message does not say whether anything was written: a transport that knows the request does (http/errors.ts). */
export function validationFailed(issues: Issue[], message?: string): AppError {
  const count = issues.length
  return new AppError(
    'validation_failed',
    message ?? `The request has ${count} invalid field${count === 1 ? '' : 's'}.`,
    { issues },
  )
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} was not found.`)
}
