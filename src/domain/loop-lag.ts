import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * How late the event loop runs timers: the one number that says a request is waiting behind
 * work that holds the loop (a page's first view, a training run). Sampled by Node itself at
 * `resolution` ms; read as the largest delay of the last window, so a single long stall shows
 * for a window and then clears.
 */
export class LoopLag {
  private readonly histogram: IntervalHistogram
  private previousMaxMs = 0
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly windowMs = 10_000) {
    this.histogram = monitorEventLoopDelay({ resolution: 20 })
  }

  start(): void {
    if (this.timer) return
    this.histogram.enable()
    this.timer = setInterval(() => {
      this.previousMaxMs = this.histogram.max / 1e6
      this.histogram.reset()
    }, this.windowMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
    this.histogram.disable()
  }

  /** The worst delay, in ms, over the current and the previous window. */
  maxMs(): number {
    const current = this.histogram.count > 0 ? this.histogram.max / 1e6 : 0
    return Math.max(current, this.previousMaxMs)
  }
}
