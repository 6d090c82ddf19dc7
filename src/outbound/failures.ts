/**
 * Why a delivery failed, as the deliveries API shows it. Only the class: a socket error's text
 * or a reply's body would tell an admin what answers where inside the network.
 */
export const FAILURE_CLASSES = [
  'refused_address',
  'dns',
  'connect',
  'timeout',
  'tls',
  'redirect',
  'http_4xx',
  'http_5xx',
  'reply_too_large',
] as const
export type FailureClass = (typeof FAILURE_CLASSES)[number]

/** A target we refuse stays refused: retrying would only ask again. */
export const isRetryable = (failure: FailureClass): boolean => failure !== 'refused_address'

/** The class of a final HTTP status; null for 2xx, a success. */
export function classOfStatus(status: number): FailureClass | null {
  if (status >= 200 && status < 300) return null
  if (status >= 300 && status < 400) return 'redirect'
  if (status >= 400 && status < 500) return 'http_4xx'
  return 'http_5xx'
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA'])

/** The class of a socket, TLS or parser error, from its code (its message is never kept). */
export function classOfError(error: unknown): FailureClass {
  const code = String((error as { code?: unknown } | null)?.code ?? '')
  if (code === 'HPE_HEADER_OVERFLOW') return 'reply_too_large'
  if (DNS_CODES.has(code)) return 'dns'
  if (code === 'ETIMEDOUT') return 'timeout'
  if (
    /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|EPROTO$)|CERT|^UNABLE_TO_|SELF_SIGNED|HOSTNAME_MISMATCH/.test(
      code,
    )
  )
    return 'tls'
  return 'connect'
}

const SET: ReadonlySet<string> = new Set(FAILURE_CLASSES)

/** Older versions stored the error text; show those rows by class too. */
export function storedFailureClass(stored: string | null): FailureClass | null {
  if (stored === null || SET.has(stored)) return stored as FailureClass | null
  const status = /^HTTP (\d{3})$/.exec(stored)
  if (status) return classOfStatus(Number(status[1])) ?? 'http_5xx'
  if (/timeout|timed out|aborted/i.test(stored)) return 'timeout'
  if (/ENOTFOUND|EAI_AGAIN/.test(stored)) return 'dns'
  if (/certificate|TLS|SSL/i.test(stored)) return 'tls'
  return 'connect'
}
