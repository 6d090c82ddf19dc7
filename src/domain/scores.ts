import { DAY_MS } from '../scoring/activity.ts'
import type { Fit } from '../scoring/fit.ts'
import type { InMarketScore } from '../scoring/model.ts'
import type { Stage } from '../scoring/stage.ts'
import type { Ctx } from './context.ts'
import { type AccountScore, activeModel, scoreAccount } from './in-market.ts'
import type { AccountIntent } from './intent.ts'
import { notFound } from '../errors.ts'
import { deliveriesFor } from './notifications.ts'
import type { LeaderboardQuery } from '../store/repos/scores.ts'

export type { StoredScore } from '../store/repos/scores.ts'

/** What a look-up serves about an account's intent and score, and when it was computed. */
export interface ScoredView {
  computedAt: number
  intent: AccountIntent
  inMarket: InMarketScore & { stage: Stage }
  fit: Fit
}

/** A stored score older than this is recomputed on look-up: windows move and signals decay. */
const MAX_AGE_MS = 60 * 60_000

async function computeAndStore(ctx: Ctx, accountId: number, domain: string): Promise<ScoredView> {
  const startedAt = ctx.clock.now()
  return storeScore(ctx, accountId, domain, await scoreAccount(ctx, domain, startedAt), startedAt)
}

/** Stores a score computed as of `startedAt` as the account's current one, with its history point. */
export async function storeScore(
  ctx: Ctx,
  accountId: number,
  domain: string,
  scored: AccountScore,
  startedAt: number,
): Promise<ScoredView> {
  const view: ScoredView = {
    computedAt: startedAt,
    intent: scored.snapshot.intent,
    inMarket: scored.inMarket,
    fit: scored.fit,
  }
  const [{ score: previous }, subscriptions] = await Promise.all([
    ctx.store.scores.get(accountId),
    ctx.store.outbox.subscriptions(),
  ])
  const { score, probability, label, stage, model } = scored.inMarket
  const notify = deliveriesFor(
    domain,
    previous,
    { score, label, stage, model },
    subscriptions,
    startedAt,
  )
  await ctx.store.scores.save(
    {
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
    Math.floor(startedAt / DAY_MS),
    startedAt,
    notify,
  )
  return view
}

/**
 * The current score: a read of the stored one while nothing changed and it is recent, else
 * computed now and stored. Ingest marks accounts dirty; the refresher keeps most of them clean.
 */
export async function currentScore(ctx: Ctx, domain: string): Promise<ScoredView> {
  const accountId = await ctx.store.activity.accountIdOf(domain)
  if (accountId === null) throw notFound(`The account '${domain}'`)
  const { score, dirty } = await ctx.store.scores.get(accountId)
  const fresh = score !== null && !dirty && ctx.clock.now() - score.computedAt < MAX_AGE_MS
  if (fresh && score.modelId === (await activeModel(ctx)).id)
    return JSON.parse(score.body) as ScoredView
  return computeAndStore(ctx, accountId, domain)
}

/** Rescores up to `limit` dirty accounts, oldest mark first; returns how many. */
export async function refreshDirtyScores(ctx: Ctx, limit: number): Promise<number> {
  const batch = await ctx.store.scores.dirty(limit)
  for (const [index, { accountId, domain }] of batch.entries()) {
    await computeAndStore(ctx, accountId, domain)
    // Scoring is synchronous work: let waiting requests in every few accounts, or a batch of
    // 200 would hold look-ups for a second.
    if (index % 4 === 3) await new Promise((resolve) => setImmediate(resolve))
  }
  return batch.length
}

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
  const missing = []
  for (let day = fromDay; day <= toDay; day++) {
    if (stored.has(day)) continue
    const asOf = Math.min((day + 1) * DAY_MS, ctx.clock.now())
    const { inMarket } = await scoreAccount(ctx, domain, asOf, model)
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

export type LeaderboardFilters = Omit<LeaderboardQuery, 'after' | 'limit'>

/** Accounts by stored score, highest first, filtered; keyset-paged by (score, domain). */
export async function leaderboard(
  ctx: Ctx,
  filters: LeaderboardFilters,
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
