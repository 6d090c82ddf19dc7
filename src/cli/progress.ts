import cliProgress from 'cli-progress'

export interface Progress {
  update(done: number, total: number | null, detail: string): void
  stop(): void
}

/**
 * A progress bar with rate and ETA on a terminal; on a pipe or in CI, a plain line at most
 * every five seconds, so logs stay readable. Either way the command's own summary is the last
 * word: the bar is cleared when it stops, and a job shorter than five seconds prints no line.
 */
export function progress(label: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {detail} | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    return {
      update(done, total, detail) {
        if (!started) {
          bar.start(total ?? 0, 0, { detail })
          started = true
        }
        if (total !== null) bar.setTotal(total)
        bar.update(done, { detail })
      },
      stop: () => bar.stop(),
    }
  }
  let last = Date.now()
  return {
    update(_done, _total, detail) {
      const now = Date.now()
      if (now - last < 5000) return
      last = now
      process.stderr.write(`${label}: ${detail}\n`)
    },
    stop() {},
  }
}
