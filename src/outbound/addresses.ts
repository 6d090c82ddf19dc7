import { BlockList, isIP } from 'node:net'

/**
 * Addresses a notification may not reach unless the operator allows them: this host, private
 * networks, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, and anything
 * not unicast on the public internet (unspecified, documentation, benchmarking, multicast,
 * reserved). IPv6 forms that carry an IPv4 address are judged by that address.
 */
const INTERNAL_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
]
const INTERNAL_V6: [string, number][] = [
  ['::', 8], // unspecified, loopback, IPv4-compatible, local-use NAT64 (the mapped and NAT64 forms are unwrapped first)
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, Teredo among them
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
]

// One list per family: a BlockList checks an IPv4 address against its IPv6 rules as
// ::ffff:a.b.c.d, which ::/8 would cover.
const internalV4 = new BlockList()
for (const [network, prefix] of INTERNAL_V4) internalV4.addSubnet(network, prefix, 'ipv4')
const internalV6 = new BlockList()
for (const [network, prefix] of INTERNAL_V6) internalV6.addSubnet(network, prefix, 'ipv6')

/** The eight 16-bit groups of an IPv6 address. */
function groupsOf(address: string): number[] {
  // URL parsing turns a trailing dotted quad into hex; do the same for resolver answers.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address)
  const hex = dotted
    ? address.slice(0, dotted.index) +
      `${((Number(dotted[1]) << 8) | Number(dotted[2])).toString(16)}:` +
      ((Number(dotted[3]) << 8) | Number(dotted[4])).toString(16)
    : address
  const [head = '', tail] = hex.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0')
  return [...left, ...middle, ...right].map((group) => Number.parseInt(group, 16))
}

const v4 = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')

/**
 * The IPv4 address a packet to this one ends up at, where IPv6 only carries it: IPv4-mapped
 * (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). Otherwise the address itself.
 */
export function effectiveAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  if (isIP(address) === 4) return { address, family: 'ipv4' }
  const g = groupsOf(address.toLowerCase())
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0)
  if (zeros(0, 5) && g[5] === 0xffff) return { address: v4(g[6]!, g[7]!), family: 'ipv4' }
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6))
    return { address: v4(g[6]!, g[7]!), family: 'ipv4' }
  if (g[0] === 0x2002) return { address: v4(g[1]!, g[2]!), family: 'ipv4' }
  return { address, family: 'ipv6' }
}

/** True for an IP address a notification may not reach by default. */
export function isInternalAddress(address: string): boolean {
  const effective = effectiveAddress(address)
  return effective.family === 'ipv4'
    ? internalV4.check(effective.address, 'ipv4')
    : internalV6.check(effective.address, 'ipv6')
}

/** A host name that always means this machine (RFC 6761), whatever DNS says. */
export function isLocalhostName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost')
}
