import { isIP } from 'node:net'

/** An IPv6 address as its eight hextets (`::` expanded, a trailing dotted IPv4 folded in). */
function hextets(address: string): string[] {
  let text = address
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0')
  return [...left, ...fill, ...right].map((group) => group.replace(/^0+(?=.)/, ''))
}

/**
 * Whom a failure is counted against: an IPv4 address, or an IPv6 client's /64, the smallest
 * block a network hands out; counting single IPv6 addresses would let one client rotate
 * through 2^64 of them.
 */
export function throttleBucket(client: string): string {
  return isIP(client) === 6 ? `${hextets(client).slice(0, 4).join(':')}::/64` : client
}

/**
 * Failed sign-ins per client address in a sliding window. Keys are 192 random bits, so this is
 * not what stops guessing; it keeps a script from filling the logs and the CPU.
 */
export function signInThrottle(options: { limit: number; windowMs: number; now: () => number }) {
  const failures = new Map<string, number[]>()
  const recent = (bucket: string) => {
    const cutoff = options.now() - options.windowMs
    const kept = (failures.get(bucket) ?? []).filter((at) => at > cutoff)
    if (kept.length === 0) failures.delete(bucket)
    else failures.set(bucket, kept)
    return kept
  }
  return {
    blocked: (client: string) => recent(throttleBucket(client)).length >= options.limit,
    fail(client: string) {
      const bucket = throttleBucket(client)
      // Bounded memory: under a flood of addresses, forget the oldest first.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!)
      failures.set(bucket, [...recent(bucket), options.now()])
    },
    succeed: (client: string) => failures.delete(throttleBucket(client)),
  }
}

export type SignInThrottle = ReturnType<typeof signInThrottle>
