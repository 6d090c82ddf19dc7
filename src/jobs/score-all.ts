import { DAY_MS } from '../vocabulary.ts'
import type { Ctx } from '../domain/context.ts'
import { type AccountScore, activeModel, scoreAccount } from '../domain/in-market.ts'
import { peerRates } from '../domain/peers.ts'
import { saveScoreWrites, type ScoreWrite, scoreWrite } from '../domain/score-writes.ts'
import { windowsAt } from '../scoring/activity.ts'
import { type PageEntry, scorePool } from './score-pool.ts'

export interface ScoreRow {
  domain: string
  score: number
  probability: number
  label: string
  stage: string
  fitGrade: string | null
  surgingTopics: string
  model: string
  asOf: string
}

export const SCORE_COLUMNS: (keyof ScoreRow)[] = [
  'domain',
  'score',
  'probability',
  'label',
  'stage',
  'fitGrade',
  'surgingTopics',
  'model',
  'asOf',
]

const CHECKPOINT = 'score-all'
const PAGE = 500
/** Pages in flight per worker thread: one being scored, one waiting. */
const IN_FLIGHT_PER_WORKER = 2
/** Smaller books are best scored on the calling thread: starting a worker costs about a second. */
export const MIN_WORKER_BOOK = 5_000

/** One account's batch result: its output row and its score to store. */
export interface ScoredAccount {
  row: ScoreRow
  write: ScoreWrite
}

/** Pure: the row and the stored form of one account's score, wherever it was computed. */
export function scoredAccount(entry: PageEntry, scored: AccountScore, asOf: number): ScoredAccount {
  const { domain } = entry.account
  return {
    row: {
      domain,
      score: scored.inMarket.score,
      probability: Math.round(scored.inMarket.probability * 10_000) / 10_000,
      label: scored.inMarket.label,
      stage: scored.inMarket.stage,
      fitGrade: scored.fit.grade,
      surgingTopics: scored.snapshot.intent.intent.surgingTopics.join('|'),
      model: scored.inMarket.model,
      asOf: new Date(asOf).toISOString(),
    },
    write: scoreWrite(entry.id, domain, scored, asOf),
  }
}

export interface ScoreAllResult {
  scored: number
  /** Accounts already done by an earlier, interrupted run with the same asOf. */
  resumedAfter: number
  interrupted: boolean
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
export async function scoreAll(
  ctx: Ctx,
  options: {
    asOf: number
    write: (row: ScoreRow) => Promise<void>
    shouldStop: () => boolean
    onProgress?: (done: number) => void
    workers?: number
  },
): Promise<ScoreAllResult> {
  // `order` names the walk, so that a checkpoint of the former domain-ordered walk is not resumed.
  const params = JSON.stringify({ asOf: options.asOf, order: 'id' })
  const previous = await ctx.store.checkpoints.get(CHECKPOINT)
  const resume = previous !== null && previous.params === params ? previous : null
  let after = resume === null ? 0 : Number(resume.lastKey)
  let done = resume?.done ?? 0
  const resumedAfter = done
  const model = await activeModel(ctx)
  const current = options.asOf >= ctx.clock.now() - DAY_MS

  /** Reads the page after `afterId`: the accounts, and which have no signal by asOf. */
  const readPage = async (afterId: number): Promise<PageEntry[]> => {
    const page = await ctx.store.accounts.pageById(afterId, PAGE)
    const active = await ctx.store.activity.withSignals(
      page.map((entry) => entry.id),
      options.asOf,
    )
    return page.map(({ id, account }) => ({ id, account, silent: !active.has(id) }))
  }
  /**
   * A page's scores are stored in one transaction (one commit instead of one per account),
   * then checkpointed: an interruption re-scores at most the pages in progress.
   */
  const storePage = async (scoredPage: ScoredAccount[], stopped: boolean, rowsWritten = false) => {
    if (!rowsWritten) for (const { row } of scoredPage) await options.write(row)
    if (current)
      await saveScoreWrites(
        ctx,
        scoredPage.map((entry) => entry.write),
        options.asOf,
      )
    else
      for (const { write } of scoredPage)
        await ctx.store.scores.savePoints(write.score.accountId, [
          {
            day: Math.floor((options.asOf - 1) / DAY_MS),
            score: write.score.score,
            probability: write.score.probability,
            modelId: write.score.modelId,
          },
        ])
    after = scoredPage.at(-1)?.write.score.accountId ?? after
    done += scoredPage.length
    await ctx.store.checkpoints.save(
      CHECKPOINT,
      { params, lastKey: String(after), done },
      ctx.clock.now(),
    )
    if (!stopped) options.onProgress?.(done)
  }
  const finish = async (interrupted: boolean): Promise<ScoreAllResult> => {
    if (!interrupted) await ctx.store.checkpoints.clear(CHECKPOINT)
    return { scored: done - resumedAfter, resumedAfter, interrupted }
  }

  const workers = options.workers ?? 0
  if (workers > 0 && ctx.config.DB_PATH !== ':memory:') {
    // Computed (and stored) once here, so that the workers read the peers instead of each
    // scanning the window.
    await peerRates(ctx, windowsAt(options.asOf, ctx.scoring))
    const pool = scorePool(ctx, workers, { asOf: options.asOf, modelId: model.id })
    try {
      const inFlight: Promise<ScoredAccount[]>[] = []
      let nextAfter = after
      let exhausted = false
      for (;;) {
        while (!exhausted && inFlight.length < workers * IN_FLIGHT_PER_WORKER) {
          if (options.shouldStop()) break
          const entries = await readPage(nextAfter)
          if (entries.length > 0) inFlight.push(pool.score(entries))
          if (entries.length < PAGE) exhausted = true
          nextAfter = entries.at(-1)?.id ?? nextAfter
        }
        const next = inFlight.shift()
        if (next === undefined) break
        const scoredPage = await next
        const stopped = options.shouldStop()
        await storePage(scoredPage, stopped)
        if (stopped) {
          // Pages already being scored are finished and kept; none are started.
          for (const pending of inFlight.splice(0)) {
            await storePage(await pending, true)
          }
          return finish(true)
        }
      }
      return finish(false)
    } finally {
      await pool.close()
    }
  }

  for (;;) {
    const page = await readPage(after)
    const scoredPage: ScoredAccount[] = []
    let stopped = false
    for (const entry of page) {
      if (options.shouldStop()) {
        stopped = true
        break
      }
      const scored = await scoreAccount(ctx, entry.account.domain, options.asOf, model, entry)
      const result = scoredAccount(entry, scored, options.asOf)
      scoredPage.push(result)
      await options.write(result.row)
      // Run inside the server too (POST /v1/jobs/score): let requests in between accounts.
      if (scoredPage.length % 20 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await storePage(scoredPage, stopped, true)
    if (stopped) return finish(true)
    if (page.length < PAGE) break
  }
  return finish(false)
}
