import { BlockList, isIP } from 'node:net'

/**
 * Which proxies in front of the service may say who the client is (TRUST_PROXY): a number of
 * hops, or the proxies' networks. Unset, only the socket's peer counts and forwarding headers
 * are ignored, since anyone can send them.
 */
export type TrustProxy = { hops: number } | { cidrs: string[] }

export interface ClientHop {
  /** The socket's peer address. */
  socket?: string | undefined
  /** X-Forwarded-For, all its values joined by commas. */
  forwardedFor?: string | undefined
  /** RFC 7239 Forwarded, all its values joined by commas. */
  forwarded?: string | undefined
}

const MAX_HOPS = 32
/** Only the right-most entries were written by proxies we might trust; the rest is noise. */
const MAX_ENTRIES = 64
const MAX_ADDRESS_LENGTH = 64

export const TRUST_PROXY_HELP =
  'must be a number of proxies (1 to 32) or a comma-separated list of addresses or CIDRs such as 10.0.0.0/8, fd00::/8'

function parseCidr(text: string): string | null {
  const match = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(text)
  if (!match) return null
  const family = isIP(match[1]!)
  if (family === 0) return null
  const bits = family === 4 ? 32 : 128
  const prefix = match[2] === undefined ? bits : Number(match[2])
  return prefix <= bits ? `${canonical(match[1]!)}/${prefix}` : null
}

/** TRUST_PROXY's text as configuration, or null when it is neither form. */
export function parseTrustProxy(text: string): TrustProxy | null {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed)
    return hops >= 1 && hops <= MAX_HOPS ? { hops } : null
  }
  const cidrs = trimmed.split(',').map((part) => parseCidr(part.trim()))
  if (cidrs.length === 0 || cidrs.some((cidr) => cidr === null)) return null
  return { cidrs: cidrs as string[] }
}

/**
 * One spelling per address, so a client cannot get a fresh throttle count by writing the same
 * address another way: IPv4-mapped IPv6 as IPv4, IPv6 compressed and lower-case. Anything that
 * is not an address (`unknown`, an obfuscated RFC 7239 name) is kept as text, bounded.
 */
function canonical(raw: string): string | null {
  let text = raw.trim().replace(/^"|"$/g, '')
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text)
  if (bracketed) text = bracketed[1]!
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'))
  if (text === '') return null
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text)
  if (mapped) text = mapped[1]!
  if (isIP(text) === 6) return new URL(`http://[${text}]`).hostname.slice(1, -1)
  return text.slice(0, MAX_ADDRESS_LENGTH)
}

function forwardedForEntries(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .slice(-MAX_ENTRIES)
    .map(canonical)
    .filter((entry) => entry !== null)
}

/** The `for=` of each RFC 7239 element, in order; elements without one are skipped. */
function forwardedEntries(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .slice(-MAX_ENTRIES)
    .map((element) => {
      const pair = element
        .split(';')
        .map((part) => part.trim())
        .find((part) => /^for=/i.test(part))
      return pair === undefined ? null : canonical(pair.slice(4))
    })
    .filter((entry) => entry !== null)
}

function trustedNetworks(cidrs: string[]): BlockList {
  const list = new BlockList()
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/') as [string, string]
    list.addSubnet(address, Number(prefix), isIP(address) === 4 ? 'ipv4' : 'ipv6')
  }
  return list
}

/**
 * The client's address from TRUST_PROXY, built once. Hops: the N-th X-Forwarded-For entry
 * from the right (the left-most when there are fewer). CIDRs: when the socket's peer is a
 * trusted proxy, X-Forwarded-For (else Forwarded) is walked from the right past trusted
 * proxies; the first other address is the client. Entries left of it are the client's own
 * words and are never read.
 */
export function clientResolver(trust: TrustProxy | undefined): (hop: ClientHop) => string {
  if (trust === undefined) return (hop) => canonical(hop.socket ?? '') ?? 'unknown'
  if ('hops' in trust) {
    return (hop) => {
      const socket = canonical(hop.socket ?? '') ?? 'unknown'
      const entries = forwardedForEntries(hop.forwardedFor)
      if (entries.length === 0) return socket
      return entries[Math.max(0, entries.length - trust.hops)]!
    }
  }
  const networks = trustedNetworks(trust.cidrs)
  const trusted = (address: string) => {
    const family = isIP(address)
    return family !== 0 && networks.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }
  return (hop) => {
    const socket = canonical(hop.socket ?? '') ?? 'unknown'
    if (!trusted(socket)) return socket
    const entries = hop.forwardedFor
      ? forwardedForEntries(hop.forwardedFor)
      : forwardedEntries(hop.forwarded)
    for (let i = entries.length - 1; i >= 0; i--) if (!trusted(entries[i]!)) return entries[i]!
    return entries[0] ?? socket
  }
}
