import { notFound } from '../errors.ts'
import type { Ctx } from './context.ts'
import { defaultModel, scoreAccount } from './in-market.ts'
import { completeView, type ScoredView, type StoredView } from './score-view.ts'
import { storeScore } from './score-writes.ts'
import { reportBackgroundFailure } from './storage-health.ts'

// The answer for one account: its current score, served from the stored one while that is
// clean and recent, else computed and stored. Beside it: score-view.ts (what a look-up serves),
// score-writes.ts (storing scores), score-refresh.ts, score-history.ts and leaderboard.ts.

/** A stored score older than this is recomputed on look-up: windows move and signals decay. */
const MAX_AGE_MS = 60 * 60_000

async function computeAndStore(ctx: Ctx, accountId: number, domain: string): Promise<ScoredView> {
  const startedAt = ctx.clock.now()
  return storeScore(ctx, accountId, domain, await scoreAccount(ctx, domain, startedAt), startedAt)
}

/** The name of what a look-up would serve, and until when its stored score is servable by age. */
export interface ServedVersion {
  version: string
  until: number
}

/**
 * A name for the stored score and firmographics of an account while they can be served as
 * they are (clean, recent, scored by the active model), or null when the next look-up will
 * recompute. Equal versions mean equal look-up answers, so callers may cache answers by it.
 */
export async function servedVersion(ctx: Ctx, domain: string): Promise<ServedVersion | null> {
  const standing = await ctx.store.scores.standing(domain)
  if (standing === null) throw notFound(`The account '${domain}'`)
  const { computedAt, modelId, accountUpdatedAt } = standing
  if (computedAt === null || modelId === null || !servable(ctx, { ...standing, computedAt }))
    return null
  return {
    version: answerVersion(computedAt, modelId, accountUpdatedAt),
    until: servableUntil(computedAt),
  }
}

/** The instant a score computed at `computedAt` stops being served as it is, by age alone. */
export function servableUntil(computedAt: number): number {
  return computedAt + MAX_AGE_MS
}

/** A stored score is served as it is while clean, under an hour old, and by the active model. */
export function servable(
  ctx: Ctx,
  stored: {
    computedAt: number
    modelId: string | null
    dirty: boolean
    activeModelId: string | null
  },
): boolean {
  return (
    !stored.dirty &&
    ctx.clock.now() < servableUntil(stored.computedAt) &&
    stored.modelId === (stored.activeModelId ?? defaultModel().id)
  )
}

export function answerVersion(computedAt: number, modelId: string, accountUpdatedAt: number) {
  return `${computedAt}|${modelId}|${accountUpdatedAt}`
}

/**
 * The current score: a read of the stored one while nothing changed and it is recent, else
 * computed now and stored. Ingest marks accounts dirty; the refresher keeps most of them clean.
 */
export async function currentScore(ctx: Ctx, domain: string): Promise<ScoredView> {
  const current = await ctx.store.scores.current(domain)
  if (current === null) throw notFound(`The account '${domain}'`)
  const { accountId, score } = current
  if (score !== null && servable(ctx, { ...current, ...score })) {
    const view = JSON.parse(score.body) as StoredView
    if (view.committee !== undefined && view.stats !== undefined) return view as ScoredView
    const complete = await completeView(ctx, domain, view)
    // Storing the committee only spares the next look-up its computation: the answer does not
    // wait for the commit, and a failed write is logged, not the look-up's failure.
    ctx.store.scores
      .completeBody(accountId, score.computedAt, JSON.stringify(complete))
      .catch((error: unknown) => reportBackgroundFailure(ctx, error, 'could not store a committee'))
    return complete
  }
  return computeAndStore(ctx, accountId, domain)
}
