import { createHmac, timingSafeEqual } from 'node:crypto'

export type Verdict = { ok: true } | { ok: false; reason: string }

const TOLERANCE_MS = 5 * 60_000
/** Unix seconds as decimal digits only: `1.0`, `1e0`, `+1`, ` 1` or `0x1` would let one signature pass under many headers. */
const UNIX_SECONDS = /^\d{1,12}$/
/** HubSpot's timestamp is Unix milliseconds, digits only for the same reason. */
const UNIX_MS = /^\d{1,15}$/
const HEX_SHA256 = /^[0-9a-f]{64}$/i

/** Both sides are digests of one length, so the comparison takes the same time whatever they hold. */
function sameDigest(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, as Stripe signs. */
export function signGeneric(rawBody: string, secret: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}

/** One `t` of digits and at least one well-formed `v1`; anything else is not our header. */
function parseGenericHeader(header: string): { t: string; candidates: Buffer[] } | null {
  const parts = header.split(',').map((part) => {
    const at = part.indexOf('=')
    return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1)]
  })
  const ts = parts.filter(([key]) => key === 't').map(([, value]) => value ?? '')
  const candidates = parts
    .filter(([key, value]) => key === 'v1' && HEX_SHA256.test(value ?? ''))
    .map(([, value]) => Buffer.from(value!, 'hex'))
  if (ts.length !== 1 || !UNIX_SECONDS.test(ts[0]!) || candidates.length === 0) return null
  return { t: ts[0]!, candidates }
}

/** Verifies the signature over the body's raw bytes, exactly as received, before anything decodes them. */
export function verifyGeneric(
  header: string | undefined,
  rawBody: Uint8Array,
  secret: string,
  now: number,
): Verdict {
  if (!header) return { ok: false, reason: 'The X-Signature header is missing.' }
  const parsed = parseGenericHeader(header)
  if (!parsed) return { ok: false, reason: 'The X-Signature header is not t=<seconds>,v1=<hex>.' }
  if (Math.abs(now - Number(parsed.t) * 1000) > TOLERANCE_MS)
    return { ok: false, reason: 'The signature timestamp is more than 5 minutes from now.' }
  const expected = createHmac('sha256', secret).update(`${parsed.t}.`).update(rawBody).digest()
  return parsed.candidates.some((candidate) => sameDigest(candidate, expected))
    ? { ok: true }
    : { ok: false, reason: 'The signature does not match the body.' }
}

/**
 * HubSpot v3: Base64(HMAC-SHA256(client secret, method + URI + body + timestamp)), timestamp in
 * ms; the body is the raw bytes received.
 */
export function verifyHubSpotV3(
  request: {
    method: string
    uri: string
    rawBody: Uint8Array
    signature: string | undefined
    timestamp: string | undefined
  },
  secret: string,
  now: number,
): Verdict {
  const { signature, timestamp } = request
  if (!signature || !timestamp)
    return {
      ok: false,
      reason: 'The X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp header is missing.',
    }
  if (!UNIX_MS.test(timestamp))
    return { ok: false, reason: 'The X-HubSpot-Request-Timestamp header is not Unix milliseconds.' }
  if (Math.abs(now - Number(timestamp)) > TOLERANCE_MS)
    return { ok: false, reason: 'The request timestamp is more than 5 minutes from now.' }
  const expected = createHmac('sha256', secret)
    .update(`${request.method}${request.uri}`)
    .update(request.rawBody)
    .update(timestamp)
    .digest()
  // Buffer's base64 decoder skips stray characters; only the canonical spelling counts.
  const given = Buffer.from(signature, 'base64')
  return given.toString('base64') === signature && sameDigest(given, expected)
    ? { ok: true }
    : { ok: false, reason: 'The signature does not match the request.' }
}
