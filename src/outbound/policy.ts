import { lookup as dnsLookup } from 'node:dns/promises'
import { type AllowList, allowList } from './allow-list.ts'

export interface ResolvedAddress {
  address: string
  family: number
}

/** Resolves a host name to every address it has; injected so tests decide what DNS says. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true })

/** What decides where notifications may go: the operator's allowances and the resolver. */
export interface OutboundPolicy {
  allow: AllowList
  lookup: Lookup
}

export function outboundPolicy(
  allowHosts: readonly string[] | undefined,
  lookup: Lookup = systemLookup,
): OutboundPolicy {
  return { allow: allowList(allowHosts), lookup }
}
