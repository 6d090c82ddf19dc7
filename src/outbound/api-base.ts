import { isIP } from 'node:net'
import { effectiveAddress, isLocalhostName } from './addresses.ts'
import { canonicalHost } from './allow-list.ts'

/** This machine itself: 127.0.0.0/8 and ::1 (an IPv6 form of a 127 address counts). */
function isLoopback(host: string): boolean {
  if (isLocalhostName(host)) return true
  if (isIP(host) === 0) return false
  const { address, family } = effectiveAddress(host)
  return family === 'ipv4' ? address.startsWith('127.') : address === '::1'
}

/**
 * A base URL the service sends a credential to (a CRM's API): https, or plain http only to
 * this machine (a test's stand-in, a local proxy), where nothing crosses a network. No
 * user:password, query or fragment: the paths are appended to it. Answers the base without a
 * trailing slash, or why it is refused.
 */
export function credentialedBase(
  raw: string,
): { ok: true; base: string } | { ok: false; reason: string } {
  if (!URL.canParse(raw)) return { ok: false, reason: 'must be an https URL' }
  const url = new URL(raw)
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'must be an https URL' }
  if (url.protocol === 'http:' && !isLoopback(canonicalHost(url)))
    return {
      ok: false,
      reason: 'must be https (plain http only to loopback: 127.0.0.1, [::1], localhost)',
    }
  if (url.username || url.password)
    return { ok: false, reason: 'must not carry credentials (user:password@)' }
  if (url.search || url.hash) return { ok: false, reason: 'must not have a query or fragment' }
  return { ok: true, base: `${url.origin}${url.pathname.replace(/\/+$/, '')}` }
}
