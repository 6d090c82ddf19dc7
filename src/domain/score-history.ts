import { timeSlices } from '../event-loop.ts'
import { DAY_MS } from '../vocabulary.ts'
import { notFound } from '../errors.ts'
import { windowsAt } from '../scoring/activity.ts'
import type { Ctx } from './context.ts'
import { activeModel, scoreAccount } from './in-market.ts'
import { preparePeerRates } from './peers.ts'

/** The days an account page's chart shows. */
export const HISTORY_DAYS = 90

/** A day takes a fraction of a millisecond: step aside every few, not after each one. */
const STEP_MS = 4

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
  const unstored: number[] = []
  for (let day = fromDay; day <= toDay; day++) if (!stored.has(day)) unstored.push(day)
  // Today's point alone is cheap; days never stored (a first view) wait for a backfill's turn.
  const computed =
    unstored.length <= 1
      ? await scoreDays(ctx, domain, accountId, unstored)
      : await ctx.gates.historyBackfill.run(() => scoreDays(ctx, domain, accountId, unstored))
  for (const point of computed) stored.set(point.day, point)
  return [...stored.values()]
    .sort((a, b) => a.day - b.day)
    .map((p) => ({
      day: new Date(p.day * DAY_MS).toISOString().slice(0, 10),
      score: p.score,
      probability: Math.round(p.probability * 10_000) / 10_000,
      model: p.modelId,
    }))
}

/**
 * Scores the account as of the end of each day with the active model, in steps of about
 * STEP_MS so that requests and probes run between, and keeps the complete days (today's point
 * changes until the day is over).
 */
async function scoreDays(ctx: Ctx, domain: string, accountId: number, days: number[]) {
  const model = await activeModel(ctx)
  const asOfOf = (day: number) => endOfDay(day, ctx.clock.now())
  await prepareDays(ctx, days, ctx.clock.now())
  const points = []
  const step = timeSlices(STEP_MS)
  for (const day of days) {
    await step()
    const { inMarket } = await scoreAccount(ctx, domain, asOfOf(day), model)
    points.push({
      day,
      score: inMarket.score,
      probability: inMarket.probability,
      modelId: model.id,
    })
  }
  const complete = points.filter((point) => (point.day + 1) * DAY_MS <= ctx.clock.now())
  await ctx.store.scores.savePoints(accountId, complete)
  return points
}

/**
 * Computes and stores the peer baselines of every day of the chart as of `asOf`: what an
 * account page's first view of the day would otherwise wait for (about a second on a
 * 5,000-account book, stored per window, so other processes read them). The batch's last step.
 */
export async function prepareHistoryBaselines(ctx: Ctx, asOf: number): Promise<void> {
  const toDay = Math.floor(asOf / DAY_MS)
  await prepareDays(
    ctx,
    Array.from({ length: HISTORY_DAYS }, (_, i) => toDay - i),
    asOf,
  )
}

/** A history day's point is the score as of the end of that day, or `cap` for the day not over. */
const endOfDay = (day: number, cap: number) => Math.min((day + 1) * DAY_MS, cap)

/** The peer baselines of the days' points in one scan, not one scan per day. */
function prepareDays(ctx: Ctx, days: number[], cap: number): Promise<void> {
  return preparePeerRates(
    ctx,
    days.map((day) => windowsAt(endOfDay(day, cap), ctx.scoring).baselineFirstDay),
  )
}
