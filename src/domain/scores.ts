import { DAY_MS, type Stage } from '../vocabulary.ts'
import type { CommitteeView } from '../committee/view.ts'
import { windowsAt } from '../scoring/activity.ts'
import type { Fit } from '../scoring/fit.ts'
import type { InMarketScore } from '../scoring/model.ts'
import { accountCommittee } from './committee.ts'
import type { Ctx } from './context.ts'
import type { AccountStats } from '../records.ts'
import { type AccountScore, activeModel, defaultModel, scoreAccount } from './in-market.ts'
import { type AccountIntent, shownIntent } from './intent.ts'
import { notFound } from '../errors.ts'
import { deliveriesFor } from './notifications.ts'
import { preparePeerRates } from './peers.ts'
import type { LeaderboardFilter } from './leaderboard-filter.ts'

import type { StoredScore } from '../store/repos/scores.ts'

export type { StoredScore }

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

/** A stored score older than this is recomputed on look-up: windows move and signals decay. */
const MAX_AGE_MS = 60 * 60_000

async function computeAndStore(ctx: Ctx, accountId: number, domain: string): Promise<ScoredView> {
  const startedAt = ctx.clock.now()
  return storeScore(ctx, accountId, domain, await scoreAccount(ctx, domain, startedAt), startedAt)
}

/**
 * A stored view. Batch jobs store the score alone (the committee is most of the bytes and a
 * third of the time, and most accounts of a book are never opened); the first look-up adds
 * the committee and counts, as of the same instant, and stores them.
 */
type StoredView = Omit<ScoredView, 'committee' | 'stats'> & Partial<ScoredView>

/** The score with the committee and counts of the same instant: what a look-up serves. */
export async function scoredView(
  ctx: Ctx,
  domain: string,
  scored: AccountScore,
  computedAt: number,
): Promise<ScoredView> {
  return completeView(ctx, domain, scoreOnlyView(scored, computedAt))
}

function scoreOnlyView(scored: AccountScore, computedAt: number): StoredView {
  return {
    computedAt,
    // The features saw every topic; what is kept and served is bounded, the rest is paged.
    intent: shownIntent(scored.snapshot.intent),
    inMarket: scored.inMarket,
    fit: scored.fit,
  }
}

async function completeView(ctx: Ctx, domain: string, view: StoredView): Promise<ScoredView> {
  const { intent } = view
  const [committee, account] = await Promise.all([
    accountCommittee(ctx, domain, intent.asOf, intent.intent.surgingTopics),
    // Counted as of the same instant as the score: an asOf look-up counts no later signals.
    ctx.store.accounts.get(domain, intent.asOf),
  ])
  if (!account) throw notFound(`The account '${domain}'`)
  return { ...view, committee, stats: account.stats }
}

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
    if (index % 8 === 7) await yieldToRequests()
    const view = options.withCommittee
      ? await scoredView(ctx, domain, scored, startedAt)
      : scoreOnlyView(scored, startedAt)
    views.push(view)
    writes.push(writeOf(accountId, domain, scored, view, startedAt))
  }
  await saveScoreWrites(ctx, writes, startedAt)
  return views
}

/** Stores prepared scores in one transaction, with history points and the notifications they cause. */
export async function saveScoreWrites(
  ctx: Ctx,
  writes: ScoreWrite[],
  startedAt: number,
): Promise<void> {
  const subscriptions = await ctx.store.outbox.subscriptions()
  const rows = []
  for (const { domain, score } of writes) {
    // Without subscriptions nothing is sent whatever the previous score: skip reading it.
    const previous =
      subscriptions.length === 0 ? null : await ctx.store.scores.summary(score.accountId)
    const notify = deliveriesFor(
      domain,
      previous,
      { score: score.score, label: score.label, stage: score.stage, model: score.modelId },
      subscriptions,
      startedAt,
    )
    rows.push({ score, notify })
  }
  await ctx.store.scores.saveMany(rows, Math.floor(startedAt / DAY_MS), startedAt)
}

/**
 * A name for the stored score and firmographics of an account while they can be served as
 * they are (clean, recent, scored by the active model), or null when the next look-up will
 * recompute. Equal versions mean equal look-up answers, so callers may cache answers by it.
 */
export async function servedVersion(ctx: Ctx, domain: string): Promise<string | null> {
  const standing = await ctx.store.scores.standing(domain)
  if (standing === null) throw notFound(`The account '${domain}'`)
  const { computedAt, modelId, accountUpdatedAt } = standing
  if (computedAt === null || modelId === null || !servable(ctx, { ...standing, computedAt }))
    return null
  return answerVersion(computedAt, modelId, accountUpdatedAt)
}

/** A stored score is served as it is while clean, under an hour old, and by the active model. */
function servable(
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
    ctx.clock.now() - stored.computedAt < MAX_AGE_MS &&
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
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not store a committee'))
    return complete
  }
  return computeAndStore(ctx, accountId, domain)
}

/** Rescores up to `limit` dirty accounts, oldest mark first, as of one instant; returns how many. */
export async function refreshDirtyScores(ctx: Ctx, limit: number): Promise<number> {
  const batch = await ctx.store.scores.dirty(limit)
  const startedAt = ctx.clock.now()
  const scored = []
  for (const [index, { accountId, domain }] of batch.entries()) {
    scored.push({ accountId, domain, scored: await scoreAccount(ctx, domain, startedAt) })
    // Scoring is synchronous work: let waiting requests in every few accounts, or a batch of
    // 200 would hold look-ups for a second.
    if (index % 4 === 3) await yieldToRequests()
  }
  await storeScores(ctx, scored, startedAt)
  return batch.length
}

const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve))

export interface HistoryPoint {
  day: string
  score: number
  probability: number
  model: string
}

/**
 * The daily score series: each day's point is the score as of the end of that day. Days with
 * no stored point are computed now with the active model (and kept), so the series reaches
 * back before the account was first scored.
 */
export async function scoreHistory(
  ctx: Ctx,
  domain: string,
  from: number,
  to: number,
): Promise<HistoryPoint[]> {
  const accountId = await ctx.store.activity.accountIdOf(domain)
  if (accountId === null) throw notFound(`The account '${domain}'`)
  const fromDay = Math.floor(from / DAY_MS)
  const toDay = Math.floor(to / DAY_MS)
  const stored = new Map(
    (await ctx.store.scores.history(accountId, fromDay, toDay)).map((p) => [p.day, p]),
  )
  const model = await activeModel(ctx)
  const asOfOf = (day: number) => Math.min((day + 1) * DAY_MS, ctx.clock.now())
  const unstored = []
  for (let day = fromDay; day <= toDay; day++) if (!stored.has(day)) unstored.push(day)
  // The peer baselines of every missing day in one scan, not one scan per day.
  await preparePeerRates(
    ctx,
    unstored.map((day) => windowsAt(asOfOf(day), ctx.scoring).baselineFirstDay),
  )
  const missing = []
  for (let day = fromDay; day <= toDay; day++) {
    if (stored.has(day)) continue
    const { inMarket } = await scoreAccount(ctx, domain, asOfOf(day), model)
    const point = {
      day,
      score: inMarket.score,
      probability: inMarket.probability,
      modelId: model.id,
    }
    stored.set(day, point)
    // Only complete days are kept: today's point changes until the day is over.
    if ((day + 1) * DAY_MS <= ctx.clock.now()) missing.push(point)
  }
  await ctx.store.scores.savePoints(accountId, missing)
  return [...stored.values()]
    .sort((a, b) => a.day - b.day)
    .map((p) => ({
      day: new Date(p.day * DAY_MS).toISOString().slice(0, 10),
      score: p.score,
      probability: Math.round(p.probability * 10_000) / 10_000,
      model: p.modelId,
    }))
}

/** Accounts by stored score, highest first, filtered; keyset-paged by (score, domain). */
export async function leaderboard(
  ctx: Ctx,
  filters: LeaderboardFilter,
  after: { score: number; domain: string } | undefined,
  limit: number,
) {
  const rows = await ctx.store.scores.leaderboard({ ...filters, after, limit: limit + 1 })
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items,
    next: rows.length > limit && last ? { score: last.score, domain: last.domain } : null,
  }
}
