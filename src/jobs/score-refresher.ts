import type { Ctx } from '../domain/context.ts'
import { refreshDirtyScores } from '../domain/score-refresh.ts'
import { type Periodic, periodic } from './periodic.ts'
import { yieldToEventLoop } from '../event-loop.ts'
import { reportBackgroundFailure } from '../domain/storage-health.ts'

const INTERVAL_MS = 2000
const BATCH = 200

export interface ScoreRefresher {
  start(): void
  /** Takes no new round; the round in flight still runs. */
  halt(): void
  /** Halts and awaits the round in flight, so that its scores are stored before the database closes. */
  stop(): Promise<void>
}

export interface RefresherOptions {
  intervalMs?: number
  /** One batch: rescore up to `limit` dirty accounts, returning how many were dirty. */
  refresh?: (ctx: Ctx, limit: number) => Promise<number>
}

/**
 * Rescores accounts marked dirty by ingest, a batch at a time between requests, so look-ups
 * find a fresh stored score instead of computing one. Made by the composition root, started
 * by `start()`.
 */
export function createScoreRefresher(ctx: Ctx, options: RefresherOptions = {}): ScoreRefresher {
  const { intervalMs = INTERVAL_MS, refresh = refreshDirtyScores } = options
  const loop: Periodic = periodic(async () => {
    try {
      while (!loop.halted && (await refresh(ctx, BATCH)) === BATCH) {
        await yieldToEventLoop()
      }
    } catch (error) {
      reportBackgroundFailure(ctx, error, 'score refresh failed; will retry')
    }
  }, intervalMs)
  return { start: loop.start, halt: loop.halt, stop: loop.stop }
}
