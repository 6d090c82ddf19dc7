import { createHmac, timingSafeEqual } from 'node:crypto'

export type Verdict = { ok: true } | { ok: false; reason: string }

const TOLERANCE_MS = 5 * 60_000

function equalInConstantTime(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, as Stripe signs. */
export function signGeneric(rawBody: string, secret: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}

export function verifyGeneric(
  header: string | undefined,
  rawBody: string,
  secret: string,
  now: number,
): Verdict {
  if (!header) return { ok: false, reason: 'The X-Signature header is missing.' }
  const parts = header.split(',').map((part) => part.trim().split('='))
  const t = Number(parts.find(([key]) => key === 't')?.[1])
  const candidates = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '')
  if (!Number.isInteger(t) || candidates.length === 0)
    return { ok: false, reason: 'The X-Signature header is not t=<seconds>,v1=<hex>.' }
  if (Math.abs(now - t * 1000) > TOLERANCE_MS)
    return { ok: false, reason: 'The signature timestamp is more than 5 minutes from now.' }
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')
  return candidates.some((candidate) => equalInConstantTime(candidate, expected))
    ? { ok: true }
    : { ok: false, reason: 'The signature does not match the body.' }
}

/** HubSpot v3: Base64(HMAC-SHA256(client secret, method + URI + body + timestamp)), timestamp in ms. */
export function verifyHubSpotV3(
  request: {
    method: string
    uri: string
    rawBody: string
    signature: string | undefined
    timestamp: string | undefined
  },
  secret: string,
  now: number,
): Verdict {
  if (!request.signature || !request.timestamp)
    return {
      ok: false,
      reason: 'The X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp header is missing.',
    }
  const at = Number(request.timestamp)
  if (!Number.isFinite(at) || Math.abs(now - at) > TOLERANCE_MS)
    return { ok: false, reason: 'The request timestamp is more than 5 minutes from now.' }
  const expected = createHmac('sha256', secret)
    .update(`${request.method}${request.uri}${request.rawBody}${request.timestamp}`)
    .digest('base64')
  return equalInConstantTime(request.signature, expected)
    ? { ok: true }
    : { ok: false, reason: 'The signature does not match the request.' }
}
