import { DAY_MS } from '../vocabulary.ts'
import type { StoredScore } from '../store/repos/scores.ts'
import type { CompiledTaxonomy } from '../taxonomy/match.ts'
import type { Ctx } from './context.ts'
import type { AccountScore } from './in-market.ts'
import { hubspotEnabled, writeBackFor } from './hubspot-writeback.ts'
import { deliveriesFor } from './notifications.ts'
import { segmentEventsFor } from './segment-events.ts'
import { surgingCategoriesOf } from './topic-categories.ts'
import { type ScoredView, type StoredView, scoredView, scoreOnlyView } from './score-view.ts'
import { yieldToEventLoop } from '../event-loop.ts'

export type { StoredScore }

/** Stores a score computed as of `startedAt` as the account's current one, with its history point. */
export async function storeScore(
  ctx: Ctx,
  accountId: number,
  domain: string,
  scored: AccountScore,
  startedAt: number,
): Promise<ScoredView> {
  const [view] = await storeScores(ctx, [{ accountId, domain, scored }], startedAt)
  return view as ScoredView
}

/** A score ready to store: its row, with the stored document already serialized. */
export interface ScoreWrite {
  domain: string
  score: StoredScore
}

/** The score-only stored form of a batch score: built where it was computed (a worker thread). */
export function scoreWrite(
  accountId: number,
  domain: string,
  scored: AccountScore,
  startedAt: number,
): ScoreWrite {
  return writeOf(accountId, domain, scored, scoreOnlyView(scored, startedAt), startedAt)
}

function writeOf(
  accountId: number,
  domain: string,
  scored: AccountScore,
  view: StoredView,
  startedAt: number,
): ScoreWrite {
  const { score, probability, label, stage, model } = scored.inMarket
  return {
    domain,
    score: {
      accountId,
      computedAt: startedAt,
      modelId: model,
      score,
      probability,
      label,
      stage,
      fitGrade: scored.fit.grade,
      surgingTopics: scored.snapshot.intent.intent.surgingTopics,
      // The pooled ones; saveScoreWrites adds the surging topics' own categories.
      surgingCategories: scored.snapshot.intent.intent.surgingCategories ?? [],
      committeeCoverage: scored.snapshot.facts.committeeCoverage,
      body: JSON.stringify(view),
    },
  }
}

/**
 * Stores many accounts' scores computed as of `startedAt`, with their history points and the
 * notifications they cause, in one transaction: one commit (one fsync) per page of a batch
 * job instead of one per account.
 */
export async function storeScores(
  ctx: Ctx,
  items: { accountId: number; domain: string; scored: AccountScore }[],
  startedAt: number,
  options: { withCommittee: boolean } = { withCommittee: true },
): Promise<StoredView[]> {
  const views: StoredView[] = []
  const writes: ScoreWrite[] = []
  for (const [index, { accountId, domain, scored }] of items.entries()) {
    if (index % 8 === 7) await yieldToEventLoop()
    const view = options.withCommittee
      ? await scoredView(ctx, domain, scored, startedAt)
      : scoreOnlyView(scored, startedAt)
    views.push(view)
    writes.push(writeOf(accountId, domain, scored, view, startedAt))
  }
  await saveScoreWrites(ctx, writes, startedAt)
  return views
}

/** A score with its surging topics' categories; a quiet one (most of a book) as it is. */
function withCategories(taxonomy: CompiledTaxonomy, score: StoredScore): StoredScore {
  if (score.surgingTopics.length === 0) return score
  const pooled = score.surgingCategories ?? []
  const surgingCategories = surgingCategoriesOf(taxonomy, score.surgingTopics, pooled)
  return { ...score, surgingCategories }
}

/**
 * Stores prepared scores in one transaction, with history points, the segments they move the
 * accounts into or out of, the notifications all of it causes and, when HubSpot write-back is
 * on, each changed state queued for its company.
 */
export async function saveScoreWrites(
  ctx: Ctx,
  writes: ScoreWrite[],
  startedAt: number,
): Promise<void> {
  const subscriptions = await ctx.store.outbox.subscriptions()
  const compare = subscriptions.length > 0 || hubspotEnabled(ctx)
  // Here, on the thread that stores, whichever thread computed the score: one taxonomy for all.
  const taxonomy = await ctx.taxonomy.refresh()
  const rows = []
  for (const write of writes) {
    const { domain } = write
    const score = withCategories(taxonomy, write.score)
    // Without subscriptions or HubSpot nothing is sent whatever the previous score: skip reading it.
    const previous = compare ? await ctx.store.scores.summary(score.accountId) : null
    const notify = deliveriesFor(
      domain,
      previous,
      { score: score.score, label: score.label, stage: score.stage, model: score.modelId },
      subscriptions,
      startedAt,
    )
    const hubspot = writeBackFor(ctx, score.accountId, previous, score, startedAt)
    rows.push({ score, notify, hubspot })
  }
  await ctx.store.scores.saveMany(
    rows,
    Math.floor(startedAt / DAY_MS),
    startedAt,
    segmentEventsFor(subscriptions, startedAt),
  )
  ctx.metrics.scoresComputed.inc(writes.length)
}
