/** Time is a dependency: scoring and tests pass a fixed clock, the service the real one. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

export function fixedClock(at: string | number): Clock & { set(at: string | number): void } {
  let current = typeof at === 'number' ? at : Date.parse(at)
  return {
    now: () => current,
    set(next) {
      current = typeof next === 'number' ? next : Date.parse(next)
    },
  }
}
