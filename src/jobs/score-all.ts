import type { WalkCheckpoint, WalkPosition } from '../domain/checkpoints.ts'
import { batchScoreSaver, readScoringPage, scoringCheckpoint } from '../domain/batch-scoring.ts'
import type { Ctx } from '../domain/context.ts'
import type { Shard } from '../shard.ts'
import { activeModel } from '../domain/in-market.ts'
import { prepareHistoryBaselines } from '../domain/score-history.ts'
import {
  type BatchRun,
  type PageScorer,
  type ScoredPage,
  scoreOnThisThread,
  scoreOnWorkerThreads,
} from './page-scorers.ts'
import type { ScoreRow } from './score-rows.ts'

export { SCORE_COLUMNS, type ScoreRow } from './score-rows.ts'

/** Smaller books are best scored on the calling thread: starting a worker costs about a second. */
export const MIN_WORKER_BOOK = 5_000

export interface ScoreAllResult {
  scored: number
  /** Accounts already done by an earlier, interrupted run with the same asOf. */
  resumedAfter: number
  interrupted: boolean
}

export interface ScoreAllOptions {
  asOf: number
  write: (row: ScoreRow) => Promise<void>
  shouldStop: () => boolean
  onProgress?: (done: number) => void
  workers?: number
  /** Only this part of the accounts (`--shard K/N`), with its own checkpoint. */
  shard?: Shard | null
}

/**
 * Rescores every account as of `asOf`, in id order, a page at a time (constant memory).
 * Scores as of now become the stored current scores; every score adds a history point. A
 * checkpoint after each page lets an interrupted run resume where it stopped.
 *
 * With `workers` > 0 (and a database file, which the workers open too), worker threads score the
 * pages while this thread reads the next ones, stores scores and writes rows, in page order:
 * the rows, stored scores and checkpoints are the same as on one thread. A stop request is
 * then honoured between pages rather than between accounts.
 */
export async function scoreAll(ctx: Ctx, options: ScoreAllOptions): Promise<ScoreAllResult> {
  const checkpoint = scoringCheckpoint(ctx, options.asOf, options.shard ?? null)
  const start = await checkpoint.resume()
  const run: BatchRun = { ...options, model: await activeModel(ctx) }
  const workers = options.workers ?? 0
  const scorer =
    // Workers open the SQLite file themselves; over PostgreSQL, replicas and shards share the work.
    workers > 0 && ctx.config.DATABASE_URL === undefined && ctx.config.DB_PATH !== ':memory:'
      ? await scoreOnWorkerThreads(ctx, run, workers)
      : scoreOnThisThread(ctx, run)
  try {
    const { reached, interrupted } = await walkPages(ctx, options, scorer, start, checkpoint)
    if (!interrupted) {
      await checkpoint.finish()
      // Ready since the first page (this is for an empty book): the morning's first account
      // page reads its chart's baselines instead of computing them.
      await prepareHistoryBaselines(ctx, options.asOf)
    }
    return { scored: reached.done - start.done, resumedAfter: start.done, interrupted }
  } finally {
    await scorer.close()
  }
}

/**
 * The page loop: reads pages ahead while the scorer works on earlier ones, and stores each in
 * page order. Once a stop is asked for, no page is read; the pages already being scored are
 * finished and kept.
 */
async function walkPages(
  ctx: Ctx,
  options: ScoreAllOptions,
  scorer: PageScorer,
  start: WalkPosition,
  checkpoint: WalkCheckpoint,
): Promise<{ reached: WalkPosition; interrupted: boolean }> {
  const storePage = pageStorer(ctx, options, start, checkpoint)
  // The peer baselines the scores need (as of asOf) are one window of the 90 an account page's
  // chart needs: made ready together before the first page is scored, one scan of the rollups
  // instead of two; worker threads then read them stored. Not before: a run stopped before its
  // first page does no work.
  const preparePeers = once(() => prepareHistoryBaselines(ctx, options.asOf))
  let reached = start
  const waiting: (() => Promise<ScoredPage>)[] = []
  let readAfter = start.after
  let atEnd = false
  for (;;) {
    while (!atEnd && waiting.length < scorer.readAhead && !options.shouldStop()) {
      const page = await readScoringPage(ctx, readAfter, options.asOf, options.shard ?? null)
      if (page.entries.length > 0) {
        await preparePeers()
        waiting.push(scorer.start(page.entries))
      }
      atEnd = page.last
      readAfter = page.entries.at(-1)?.id ?? readAfter
    }
    const finishNext = waiting.shift()
    // Nothing left to store: the book is done, unless a stop cut the reading short.
    if (finishNext === undefined) return { reached, interrupted: !atEnd }
    const page = await finishNext()
    reached = await storePage(page)
    if (page.stopped) {
      for (const finishRest of waiting.splice(0))
        reached = await storePage({ ...(await finishRest()), stopped: true })
      return { reached, interrupted: true }
    }
  }
}

/** A step run at most once however often it is asked for, the later callers awaiting the first. */
function once(prepare: () => Promise<void>): () => Promise<void> {
  let prepared: Promise<void> | undefined
  return () => {
    prepared ??= prepare()
    return prepared
  }
}

/**
 * Stores a page's scores (one transaction, or history points for a backfill), then
 * checkpoints after its last account: an interruption re-scores at most the pages in progress.
 * Returns where the walk then stands.
 */
function pageStorer(
  ctx: Ctx,
  options: ScoreAllOptions,
  start: WalkPosition,
  checkpoint: WalkCheckpoint,
): (page: ScoredPage) => Promise<WalkPosition> {
  const save = batchScoreSaver(ctx, options.asOf)
  let position = start
  return async ({ accounts, stopped }) => {
    await save(accounts.map((account) => account.write))
    position = {
      after: accounts.at(-1)?.write.score.accountId ?? position.after,
      done: position.done + accounts.length,
    }
    await checkpoint.save(position)
    if (!stopped) options.onProgress?.(position.done)
    return position
  }
}
