import { expect } from 'vitest'

/** Cases per fuzzed route: the suite's default, or FUZZ_RUNS (the nightly `npm run fuzz`). */
export function fuzzRuns(fallback: number): number {
  const given = Number(process.env.FUZZ_RUNS)
  return Number.isInteger(given) && given > 0 ? given : fallback
}

/** A route's time budget grows with its cases: about 40 ms a case, never under a minute. */
export function fuzzTimeout(cases: number): number {
  return Math.max(60_000, cases * 40)
}

/** Heap growth a whole route's run may leave behind once collected. */
const MAX_RETAINED_BYTES = 96 * 2 ** 20

/**
 * Memory stays bounded: after a route's cases, with garbage collected, the heap has not kept
 * growing. Needs `--expose-gc` (set by `npm run fuzz`); without it the check says so and skips.
 */
export function memoryGuard(): { check(): void } {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const before = process.memoryUsage().heapUsed
  return {
    check() {
      if (!gc) return
      gc()
      const retained = process.memoryUsage().heapUsed - before
      expect(retained, `heap kept ${Math.round(retained / 2 ** 20)} MB`).toBeLessThan(
        MAX_RETAINED_BYTES,
      )
    },
  }
}
