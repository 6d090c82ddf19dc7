import type { Ctx } from '../domain/context.ts'
import { activeModel, scoreAccount } from '../domain/in-market.ts'
import { storeScore } from '../domain/scores.ts'
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
 * Rescores every account as of `asOf`, in domain order, a page at a time (constant memory).
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
  const params = JSON.stringify({ asOf: options.asOf })
  const previous = await ctx.store.checkpoints.get(CHECKPOINT)
  const resume = previous !== null && previous.params === params ? previous : null
  let after: string | null = resume?.lastKey ?? null
  let done = resume?.done ?? 0
  const resumedAfter = done
  const model = await activeModel(ctx)
  const current = options.asOf >= ctx.clock.now() - DAY_MS
  for (;;) {
    const page = await ctx.store.accounts.list(after, PAGE)
    for (const account of page.items) {
      if (options.shouldStop()) {
        await ctx.store.checkpoints.save(
          CHECKPOINT,
          { params, lastKey: after ?? '', done },
          ctx.clock.now(),
        )
        return { scored: done - resumedAfter, resumedAfter, interrupted: true }
      }
      const scored = await scoreAccount(ctx, account.domain, options.asOf, model)
      const accountId = (await ctx.store.activity.accountIdOf(account.domain))!
      if (current) await storeScore(ctx, accountId, account.domain, scored, options.asOf)
      else
        await ctx.store.scores.savePoints(accountId, [
          {
            day: Math.floor((options.asOf - 1) / DAY_MS),
            score: scored.inMarket.score,
            probability: scored.inMarket.probability,
            modelId: model.id,
          },
        ])
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
      after = account.domain
      done += 1
      // Run inside the server too (POST /v1/jobs/score): let requests in between accounts.
      if (done % 20 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    options.onProgress?.(done)
    if (page.next === null) break
    await ctx.store.checkpoints.save(
      CHECKPOINT,
      { params, lastKey: after ?? '', done },
      ctx.clock.now(),
    )
  }
  await ctx.store.checkpoints.clear(CHECKPOINT)
  return { scored: done - resumedAfter, resumedAfter, interrupted: false }
}
