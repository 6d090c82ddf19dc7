import type { PageEntry } from '../domain/batch-scoring.ts'
import type { Ctx } from '../domain/context.ts'
import type { InMarketModel } from '../scoring/model.ts'
import { accountScorer } from './account-scorer.ts'
import { scorePool } from './score-pool.ts'
import type { ScoreRow, ScoredAccount } from './score-rows.ts'
import { yieldToEventLoop } from '../event-loop.ts'

/** Pages in flight per worker thread: one being scored, one waiting. */
const IN_FLIGHT_PER_WORKER = 2
/** Accounts scored on the calling thread between two turns of the event loop. */
const ACCOUNTS_PER_TURN = 20

export interface ScoredPage {
  accounts: ScoredAccount[]
  /** A stop was asked for: the walk stores this page and starts no other. */
  stopped: boolean
}

export interface BatchRun {
  asOf: number
  model: InMarketModel
  write: (row: ScoreRow) => Promise<void>
  shouldStop: () => boolean
}

/** How the batch scores its pages: on the calling thread, or on worker threads. */
export interface PageScorer {
  /** Pages read ahead of the one being stored: work waiting for the scorer while it stores. */
  readAhead: number
  /**
   * Starts scoring a page; the function returned finishes it, writing its rows. The walk calls
   * those in page order, so rows come out in id order however the pages were scored.
   */
  start(entries: PageEntry[]): () => Promise<ScoredPage>
  close(): Promise<void>
}

/**
 * Scores each page when its turn comes, writing each row as soon as its account is scored:
 * a stop request (which may count the rows) is honoured between accounts.
 */
export function scoreOnThisThread(ctx: Ctx, run: BatchRun): PageScorer {
  const score = accountScorer(ctx, run.asOf, run.model)
  return {
    readAhead: 1,
    start: (entries) => async () => {
      const accounts: ScoredAccount[] = []
      for (const entry of entries) {
        if (run.shouldStop()) return { accounts, stopped: true }
        const result = await score(entry)
        accounts.push(result)
        await run.write(result.row)
        // Run inside the server too (POST /v1/jobs/score): let requests in between accounts.
        if (accounts.length % ACCOUNTS_PER_TURN === 0) await yieldToEventLoop()
      }
      return { accounts, stopped: false }
    },
    close: async () => {},
  }
}

/**
 * Worker threads score the pages (they open the database file too) while this thread reads
 * the next ones and stores the scores; a stop request is honoured between pages.
 */
export async function scoreOnWorkerThreads(
  ctx: Ctx,
  run: BatchRun,
  workers: number,
): Promise<PageScorer> {
  const pool = scorePool(ctx, workers, { asOf: run.asOf, modelId: run.model.id })
  return {
    readAhead: workers * IN_FLIGHT_PER_WORKER,
    start(entries) {
      const scoring = pool.score(entries)
      // A worker's failure rejects every page it was given: this one is awaited in its turn,
      // and must not count as unhandled before then.
      scoring.catch(() => undefined)
      return async () => {
        const accounts = await scoring
        const stopped = run.shouldStop()
        for (const { row } of accounts) await run.write(row)
        return { accounts, stopped }
      }
    },
    close: () => pool.close(),
  }
}
