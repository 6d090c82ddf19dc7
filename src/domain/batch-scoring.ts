import type { Account } from '../records.ts'
import { DAY_MS } from '../vocabulary.ts'
import { type WalkCheckpoint, walkCheckpoint } from './checkpoints.ts'
import { type Shard, shardSuffix } from '../shard.ts'
import type { Ctx } from './context.ts'
import { saveScoreWrites, type ScoreWrite } from './score-writes.ts'

/** Accounts per page of the batch: memory stays constant, and a page's scores are one commit. */
export const SCORING_PAGE = 500

/** An account of a page, as the batch read it, and whether it has any signal or outcome by asOf. */
export interface PageEntry {
  id: number
  account: Account
  /** No signal by asOf: nothing of its activity to read. */
  silent: boolean
  /** Silent and no outcome by asOf either: its score follows from its firmographics alone. */
  quiet: boolean
}

export interface ScoringPage {
  entries: PageEntry[]
  /** No account follows these: the walk is at its end. */
  last: boolean
}

/**
 * A run resumes only a walk of the same asOf. `order` names the walk, so that a checkpoint of
 * the former domain-ordered walk is not resumed.
 */
export function scoringCheckpoint(ctx: Ctx, asOf: number, shard: Shard | null): WalkCheckpoint {
  return walkCheckpoint(ctx, `score-all${shardSuffix(shard)}`, { asOf, order: 'id' })
}

/**
 * The page of accounts after id `afterId`, in id order, each marked silent when it has no
 * signal by asOf, and quiet when it has no outcome by then either.
 */
export async function readScoringPage(
  ctx: Ctx,
  afterId: number,
  asOf: number,
  shard: Shard | null,
): Promise<ScoringPage> {
  const page = await ctx.store.accounts.pageById(afterId, SCORING_PAGE, shard)
  const ids = page.map((entry) => entry.id)
  const [active, decided] = await Promise.all([
    ctx.store.activity.withSignals(ids, asOf),
    ctx.store.outcomes.withOutcomes(ids, asOf),
  ])
  return {
    entries: page.map(({ id, account }) => {
      const silent = !active.has(id)
      return { id, account, silent, quiet: silent && !decided.has(id) }
    }),
    last: page.length < SCORING_PAGE,
  }
}

/**
 * How a batch as of `asOf` stores its scores. As of the last day, they become the current
 * scores (with their history points and the notifications they cause, a page in one
 * transaction); an older asOf, a backfill, only adds each account's history point for that
 * day and leaves the current scores alone. Decided once per run, so that a run crossing the
 * boundary never stores half its book one way and half the other.
 */
export function batchScoreSaver(ctx: Ctx, asOf: number): (writes: ScoreWrite[]) => Promise<void> {
  if (asOf >= ctx.clock.now() - DAY_MS) return (writes) => saveScoreWrites(ctx, writes, asOf)
  const day = Math.floor((asOf - 1) / DAY_MS)
  return async (writes) => {
    for (const { score } of writes)
      await ctx.store.scores.savePoints(score.accountId, [
        { day, score: score.score, probability: score.probability, modelId: score.modelId },
      ])
  }
}
