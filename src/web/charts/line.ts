import { linearScale, niceMax, px, ticks } from './scale.ts'

export interface Plot {
  width: number
  height: number
  /** Room for axis labels around the plot area. */
  margin: { top: number; right: number; bottom: number; left: number }
}

export interface LineSeries {
  /** One value per x position; `null` is a gap (no point that day). */
  values: (number | null)[]
  /** The top of this series' axis; default: a round number above its largest value. */
  max?: number
}

export interface LineGeometry {
  /** SVG path data, or '' when the series has no values. */
  path: string
  points: { x: number; y: number; value: number }[]
  max: number
  ticks: { value: number; y: number }[]
}

/** The plot area's edges in SVG coordinates (y grows downward). */
export function plotArea(plot: Plot) {
  return {
    left: plot.margin.left,
    right: plot.width - plot.margin.right,
    top: plot.margin.top,
    bottom: plot.height - plot.margin.bottom,
  }
}

/** x positions for `count` evenly spaced points spanning the plot area. */
export function xPositions(count: number, plot: Plot): number[] {
  const area = plotArea(plot)
  const x = linearScale([0, Math.max(count - 1, 0)], [area.left, area.right])
  return Array.from({ length: count }, (_, i) => px(count === 1 ? area.left : x(i)))
}

/** A polyline for one series: its own y axis from 0 to a round maximum, gaps left open. */
export function lineGeometry(series: LineSeries, plot: Plot, tickCount = 4): LineGeometry {
  const area = plotArea(plot)
  const present = series.values.filter((v): v is number => v !== null && Number.isFinite(v))
  const max = series.max ?? niceMax(Math.max(0, ...present))
  const y = linearScale([0, max], [area.bottom, area.top])
  const xs = xPositions(series.values.length, plot)
  const points: LineGeometry['points'] = []
  let path = ''
  let pen = false
  series.values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      pen = false
      return
    }
    const point = { x: xs[i]!, y: px(y(value)), value }
    points.push(point)
    path += `${pen ? 'L' : 'M'}${point.x} ${point.y}`
    pen = true
  })
  return {
    path,
    points,
    max,
    ticks: ticks(max, tickCount).map((value) => ({ value, y: px(y(value)) })),
  }
}
