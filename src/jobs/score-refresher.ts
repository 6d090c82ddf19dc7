import type { Ctx } from '../domain/context.ts'
import { refreshDirtyScores } from '../domain/scores.ts'

const INTERVAL_MS = 2000
const BATCH = 200

/**
 * Rescores accounts marked dirty by ingest, a batch at a time between requests, so look-ups
 * find a fresh stored score instead of computing one.
 */
export function startScoreRefresher(ctx: Ctx, intervalMs = INTERVAL_MS): { stop(): void } {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      while ((await refreshDirtyScores(ctx, BATCH)) === BATCH) {
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      ctx.logger.warn({ err: error }, 'score refresh failed; will retry')
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
