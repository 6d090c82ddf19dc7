import { isIP } from 'node:net'
import { isInternalAddress, isLocalhostName } from './addresses.ts'
import { canonicalHost } from './allow-list.ts'
import type { OutboundPolicy, ResolvedAddress } from './policy.ts'

export const INTERNAL_TARGET =
  'must not point to a loopback, private, link-local or other internal address ' +
  '(an operator can allow a host with OUTBOUND_ALLOW_HOSTS)'

/** Where a notification may go: the URL and the checked addresses to connect to, and no others. */
export type Screened =
  | { ok: true; url: URL; addresses: ResolvedAddress[] }
  | { ok: false; failure: 'refused_address' | 'dns'; message: string }

const refused = (message: string): Screened => ({ ok: false, failure: 'refused_address', message })
const unresolved: Screened = { ok: false, failure: 'dns', message: 'does not resolve' }

/** The URL's own problems: only http and https, and no credentials riding along to a third party. */
function parse(raw: string): URL | string {
  if (!URL.canParse(raw)) return 'must be an http or https URL'
  const url = new URL(raw)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL'
  if (url.username || url.password) return 'must not carry credentials (user:password@)'
  return url
}

function lookupWithin<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return work
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('lookup timed out')), ms)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/**
 * Decides whether a notification may go to `raw`, resolving its host name first: every address
 * must be public, or allowed by the operator. The delivery connects to the addresses returned
 * here, so a name cannot resolve to one address for the check and another for the connection.
 */
export async function screenTarget(
  policy: OutboundPolicy,
  raw: string,
  options: { lookupTimeoutMs?: number } = {},
): Promise<Screened> {
  const url = parse(raw)
  if (typeof url === 'string') return refused(url)
  const host = canonicalHost(url)
  const allowed = (address: string) =>
    !isInternalAddress(address) || policy.allow.allowsAddress(address)
  const family = isIP(host)
  if (family !== 0)
    return allowed(host)
      ? { ok: true, url, addresses: [{ address: host, family }] }
      : refused(INTERNAL_TARGET)
  const vouched = policy.allow.allowsName(host)
  if (!vouched && isLocalhostName(host)) return refused(INTERNAL_TARGET)
  let addresses: ResolvedAddress[]
  try {
    addresses = await lookupWithin(policy.lookup(host), options.lookupTimeoutMs)
  } catch {
    return unresolved
  }
  if (addresses.length === 0 || addresses.some((a) => isIP(a.address) === 0)) return unresolved
  if (!vouched && !addresses.every((a) => allowed(a.address))) return refused(INTERNAL_TARGET)
  return { ok: true, url, addresses }
}
