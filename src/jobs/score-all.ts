import type { Ctx } from '../domain/context.ts'
import { activeModel, scoreAccount } from '../domain/in-market.ts'
import { storeScores } from '../domain/scores.ts'
import { DAY_MS } from '../scoring/activity.ts'

export interface ScoreRow {
  domain: string
  score: number
  probability: number
  label: string
  stage: string
  fitGrade: string
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
 */
export async function scoreAll(
  ctx: Ctx,
  options: {
    asOf: number
    write: (row: ScoreRow) => Promise<void>
    shouldStop: () => boolean
    onProgress?: (done: number) => void
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
  for (;;) {
    const page = await ctx.store.accounts.pageById(after, PAGE)
    const active = await ctx.store.activity.withSignals(
      page.map((entry) => entry.id),
      options.asOf,
    )
    const scoredPage = []
    let stopped = false
    for (const { id, account } of page) {
      if (options.shouldStop()) {
        stopped = true
        break
      }
      const silent = !active.has(id)
      const scored = await scoreAccount(ctx, account.domain, options.asOf, model, {
        id,
        account,
        silent,
      })
      scoredPage.push({ accountId: id, domain: account.domain, scored })
      await options.write({
        domain: account.domain,
        score: scored.inMarket.score,
        probability: Math.round(scored.inMarket.probability * 10_000) / 10_000,
        label: scored.inMarket.label,
        stage: scored.inMarket.stage,
        fitGrade: scored.fit.grade,
        surgingTopics: scored.snapshot.intent.intent.surgingTopics.join('|'),
        model: model.id,
        asOf: new Date(options.asOf).toISOString(),
      })
      // Run inside the server too (POST /v1/jobs/score): let requests in between accounts.
      if (scoredPage.length % 20 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    // A page's scores are stored in one transaction (one commit instead of one per account),
    // then checkpointed: an interruption re-scores at most the page in progress.
    if (current) await storeScores(ctx, scoredPage, options.asOf, { withCommittee: false })
    else
      for (const { accountId, scored } of scoredPage)
        await ctx.store.scores.savePoints(accountId, [
          {
            day: Math.floor((options.asOf - 1) / DAY_MS),
            score: scored.inMarket.score,
            probability: scored.inMarket.probability,
            modelId: model.id,
          },
        ])
    after = scoredPage.at(-1)?.accountId ?? after
    done += scoredPage.length
    if (stopped) {
      await ctx.store.checkpoints.save(
        CHECKPOINT,
        { params, lastKey: String(after), done },
        ctx.clock.now(),
      )
      return { scored: done - resumedAfter, resumedAfter, interrupted: true }
    }
    options.onProgress?.(done)
    if (page.length < PAGE) break
    await ctx.store.checkpoints.save(
      CHECKPOINT,
      { params, lastKey: String(after), done },
      ctx.clock.now(),
    )
  }
  await ctx.store.checkpoints.clear(CHECKPOINT)
  return { scored: done - resumedAfter, resumedAfter, interrupted: false }
}
