import { BlockList, isIP } from 'node:net'
import { effectiveAddress } from './addresses.ts'

/** A DNS name as URL parsing leaves it: lower case, punycode, labels of letters, digits, `-`, `_`. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/

/** A URL's host as compared and resolved: no IPv6 brackets, no trailing dot. */
export function canonicalHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
}

/** `127.1`, `0x7f000001` and `[::ffff:127.0.0.1]` spell addresses too: URL parsing canonicalizes them. */
function hostEntry(text: string): string | null {
  if (!URL.canParse(`http://${text}/`)) return null
  const url = new URL(`http://${text}/`)
  if (url.username || url.password || url.port || url.pathname !== '/' || url.search || url.hash)
    return null
  const host = canonicalHost(url)
  return isIP(host) !== 0 || HOST_NAME.test(host) ? host : null
}

function rangeEntry(text: string): string | null {
  const [network = '', prefix = ''] = text.split('/')
  const address = network.replace(/^\[(.*)\]$/, '$1')
  const family = isIP(address)
  const bits = family === 4 ? 32 : 128
  if (family === 0 || !/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return null
  return `${address}/${Number(prefix)}`
}

/** One OUTBOUND_ALLOW_HOSTS entry in canonical form (name, IP or CIDR range), or null if it is none. */
export function allowEntry(raw: string): string | null {
  const text = raw.trim().toLowerCase()
  return text.includes('/') ? rangeEntry(text) : hostEntry(text)
}

/** Parses the comma-separated OUTBOUND_ALLOW_HOSTS; empty items are ignored. */
export function parseAllowHosts(raw: string): { entries: string[]; invalid: string[] } {
  const entries: string[] = []
  const invalid: string[] = []
  for (const item of raw.split(',').map((part) => part.trim())) {
    if (item === '') continue
    const entry = allowEntry(item)
    if (entry === null) invalid.push(item)
    else entries.push(entry)
  }
  return { entries, invalid }
}

export interface AllowList {
  /** The operator vouches for this host name, whatever it resolves to. */
  allowsName(host: string): boolean
  /** This address is inside an allowed IP or range. */
  allowsAddress(address: string): boolean
}

export function allowList(entries: readonly string[] = []): AllowList {
  const names = new Set<string>()
  const v4 = new BlockList()
  const v6 = new BlockList()
  for (const raw of entries) {
    const entry = allowEntry(raw)
    if (entry === null) throw new Error(`not a host name, IP address or CIDR range: ${raw}`)
    const [address = '', prefix] = entry.split('/')
    const family = isIP(address)
    if (family === 0) {
      names.add(entry)
      continue
    }
    const list = family === 4 ? v4 : v6
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (prefix === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(prefix), type)
  }
  return {
    allowsName: (host) => names.has(host),
    allowsAddress(address) {
      const effective = effectiveAddress(address)
      return (effective.family === 'ipv4' ? v4 : v6).check(effective.address, effective.family)
    },
  }
}
