import { linearScale, niceMax, px } from './scale.ts'

export interface PairedBarInput {
  label: string
  /** Drawn as the first, stronger bar (recent activity). */
  primary: number
  /** Drawn under it, lighter (what the baseline predicts). */
  secondary: number
}

/** A bar placed in the picture, with the value it stands for. */
export interface PlacedBar {
  x: number
  y: number
  width: number
  height: number
  value: number
}

export interface PairedBarRow {
  label: string
  /** Baseline of the row's text label. */
  labelY: number
  primary: PlacedBar
  secondary: PlacedBar
}

export interface PairedBarLayout {
  width: number
  labelWidth: number
  rowHeight: number
  barHeight: number
}

/**
 * Horizontal paired bars, one row per item, both bars on one shared scale so lengths compare
 * across rows. Returns the rows and the SVG height they need.
 */
export function pairedBars(
  items: PairedBarInput[],
  layout: PairedBarLayout,
): { rows: PairedBarRow[]; height: number; max: number } {
  const values = items.flatMap((item) => [item.primary, item.secondary]).filter(Number.isFinite)
  const max = niceMax(Math.max(0, ...values))
  const x = linearScale([0, max], [layout.labelWidth, layout.width - 8])
  const bar = (value: number, y: number) => {
    const safe = Number.isFinite(value) ? Math.max(0, value) : 0
    return {
      x: layout.labelWidth,
      y: px(y),
      width: px(x(safe) - layout.labelWidth),
      height: layout.barHeight,
      value: safe,
    }
  }
  const rows = items.map((item, i) => {
    const top = i * layout.rowHeight + 4
    return {
      label: item.label,
      labelY: px(top + layout.barHeight + 2),
      primary: bar(item.primary, top),
      secondary: bar(item.secondary, top + layout.barHeight + 2),
    }
  })
  return { rows, height: items.length * layout.rowHeight + 8, max }
}
