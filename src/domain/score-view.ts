import type { Stage } from '../vocabulary.ts'
import type { CommitteeView } from '../committee/view.ts'
import { notFound } from '../errors.ts'
import type { AccountStats } from '../records.ts'
import type { Fit } from '../scoring/fit.ts'
import type { InMarketScore } from '../scoring/model.ts'
import { accountCommittee } from './committee.ts'
import type { Ctx } from './context.ts'
import type { AccountScore } from './in-market.ts'
import { type AccountIntent, shownIntent } from './intent.ts'

/**
 * What a look-up serves about an account, and when it was computed: the score, and the
 * committee and counts as of the same instant, stored together so that a look-up of an
 * unchanged account is two key reads and no computation.
 */
export interface ScoredView {
  computedAt: number
  intent: AccountIntent
  inMarket: InMarketScore & { stage: Stage }
  fit: Fit
  committee: CommitteeView
  stats: AccountStats
}

/**
 * A stored view. Batch jobs store the score alone (the committee is most of the bytes and a
 * third of the time, and most accounts of a book are never opened); the first look-up adds
 * the committee and counts, as of the same instant, and stores them.
 */
export type StoredView = Omit<ScoredView, 'committee' | 'stats'> & Partial<ScoredView>

/** The score with the committee and counts of the same instant: what a look-up serves. */
export async function scoredView(
  ctx: Ctx,
  domain: string,
  scored: AccountScore,
  computedAt: number,
): Promise<ScoredView> {
  return completeView(ctx, domain, scoreOnlyView(scored, computedAt))
}

export function scoreOnlyView(scored: AccountScore, computedAt: number): StoredView {
  return {
    computedAt,
    // The features saw every topic; what is kept and served is bounded, the rest is paged.
    intent: shownIntent(scored.snapshot.intent),
    inMarket: scored.inMarket,
    fit: scored.fit,
  }
}

export async function completeView(
  ctx: Ctx,
  domain: string,
  view: StoredView,
): Promise<ScoredView> {
  const { intent } = view
  const [committee, account] = await Promise.all([
    accountCommittee(ctx, domain, intent.asOf, intent.intent.surgingTopics),
    // Counted as of the same instant as the score: an asOf look-up counts no later signals.
    ctx.store.accounts.get(domain, intent.asOf),
  ])
  if (!account) throw notFound(`The account '${domain}'`)
  return { ...view, committee, stats: account.stats }
}
