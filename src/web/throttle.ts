/**
 * Failed sign-ins per client address in a sliding window. Keys are 192 random bits, so this is
 * not what stops guessing; it keeps a script from filling the logs and the CPU.
 */
export function signInThrottle(options: { limit: number; windowMs: number; now: () => number }) {
  const failures = new Map<string, number[]>()
  const recent = (client: string) => {
    const cutoff = options.now() - options.windowMs
    const kept = (failures.get(client) ?? []).filter((at) => at > cutoff)
    if (kept.length === 0) failures.delete(client)
    else failures.set(client, kept)
    return kept
  }
  return {
    blocked: (client: string) => recent(client).length >= options.limit,
    fail(client: string) {
      // Bounded memory: under a flood of addresses, forget the oldest first.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!)
      failures.set(client, [...recent(client), options.now()])
    },
    succeed: (client: string) => failures.delete(client),
  }
}

export type SignInThrottle = ReturnType<typeof signInThrottle>
