/** Pure chart arithmetic: data in, SVG coordinates out. No JSX, no I/O, so it is easy to test. */

export type Scale = (value: number) => number

/**
 * Maps [min, max] linearly onto [from, to]. A flat domain (min = max) maps to the middle of
 * the range rather than dividing by zero, so a constant series still draws a level line.
 */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [min, max] = domain
  const [from, to] = range
  if (!Number.isFinite(min) || !Number.isFinite(max) || max === min) {
    return () => (from + to) / 2
  }
  return (value) => from + ((value - min) / (max - min)) * (to - from)
}

/** A "nice" upper bound (1, 2, 5 × 10ⁿ) at or above `max`, so axis labels are round numbers. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(max))
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= max) ?? 10
  return step * magnitude
}

/** `count + 1` evenly spaced tick values from 0 to `max`. */
export function ticks(max: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count)
}

/** Rounds to 0.1 px: enough for a screen, and keeps the markup short. */
export const px = (value: number) => Math.round(value * 10) / 10
