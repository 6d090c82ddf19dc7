import { DAY_MS, SIGNAL_TYPES } from '../vocabulary.ts'
import { createHash } from 'node:crypto'
import { cellActivity, type Windows } from '../scoring/activity.ts'
import type { ScoringConfig } from '../scoring/config.ts'
import { segmentKey } from '../scoring/segments.ts'
import type { Ctx } from './context.ts'

export interface PeerRates {
  /** Mean weighted activity per day on a topic among similar accounts that follow it. */
  rate(industry: string | null, employees: number | null, topicId: number): number
}

/**
 * A process re-reads the stored baselines this often. The stored ones stay valid until a
 * signal lands in their window (the rollup writer deletes them then): windows end three weeks
 * back, so that takes a backfill.
 */
const REFRESH_MS = 60 * 60_000
/** Stored windows starting more than this before today are pruned (training reaches a year back). */
const KEEP_DAYS = 500
/** Baseline windows remembered per store: a 90-day score history needs 90. */
const MAX_WINDOWS = 128

interface Cached {
  computedAt: number
  value: Promise<PeerRates>
}

/**
 * The computed baselines of one service, made by the composition root (`ctx.caches.peers`):
 * two services in one process, even on one database, never share them.
 */
export interface PeerCache {
  windows: Map<string, Cached>
  /** The scoring configuration last hashed and its hash (every scoring asks). */
  hashed: { config: ScoringConfig; hash: string } | null
}

export function createPeerCache(): PeerCache {
  return { windows: new Map(), hashed: null }
}

/**
 * Peer baselines for one baseline window: per industry × size band and topic, the mean daily
 * activity of the accounts active on the topic. Averaging over every account instead would
 * drag an engaged account's expectation toward zero and make it "surge" on its usual
 * activity. Groups with too few active accounts fall back to all accounts.
 *
 * Computing them scans every rollup row of the window, so a window is computed once (in steps
 * that let requests in), stored for other processes, and reused for an hour; concurrent
 * callers share one computation.
 */
export async function peerRates(ctx: Ctx, windows: Windows): Promise<PeerRates> {
  await preparePeerRates(ctx, [windows.baselineFirstDay])
  return ctx.caches.peers.windows.get(cacheKey(ctx, windows.baselineFirstDay))!.value
}

/**
 * Makes the baselines of many windows (named by their first day) ready in one scan of the
 * rollups they span: a 90-day history costs about two windows' reading, not ninety.
 */
export async function preparePeerRates(ctx: Ctx, firstDays: number[]): Promise<void> {
  const cache = ctx.caches.peers.windows
  const now = ctx.clock.now()
  const isFresh = (day: number) => {
    const cached = cache.get(cacheKey(ctx, day))
    return cached !== undefined && now >= cached.computedAt && now - cached.computedAt < REFRESH_MS
  }
  const missing = [...new Set(firstDays)].filter((day) => !isFresh(day)).sort((a, b) => a - b)
  if (missing.length > 0) {
    const all = loadOrCompute(ctx, missing, now)
    for (const day of missing) {
      const key = cacheKey(ctx, day)
      if (cache.size >= MAX_WINDOWS) cache.delete(cache.keys().next().value!)
      const value = all.then((rates) => rates.get(day)!)
      cache.set(key, { computedAt: now, value })
      // A failed computation must not stay cached.
      value.catch(() => cache.delete(key))
    }
  }
  await Promise.all(firstDays.map((day) => cache.get(cacheKey(ctx, day))?.value))
}

const cacheKey = (ctx: Ctx, firstDay: number) => `${firstDay}|${configHash(ctx)}`

async function loadOrCompute(
  ctx: Ctx,
  firstDays: number[],
  now: number,
): Promise<Map<number, PeerRates>> {
  const hash = configHash(ctx)
  const rates = new Map<number, PeerRates>()
  const toCompute: number[] = []
  for (const day of firstDays) {
    const stored = await ctx.store.peers.get(day, hash)
    if (stored) rates.set(day, ratesFrom(JSON.parse(stored.body) as PeerTotals, ctx.scoring))
    else toCompute.push(day)
  }
  if (toCompute.length > 0) {
    const computed = await computeTotals(ctx, toCompute)
    for (const [day, totals] of computed) {
      const keepFrom = Math.floor(now / DAY_MS) - KEEP_DAYS
      const window = { firstDay: day, lastDay: day + ctx.scoring.baselineDays - 1 }
      await ctx.store.peers.save(window, hash, JSON.stringify(totals), now, keepFrom)
      rates.set(day, ratesFrom(totals, ctx.scoring))
    }
  }
  return rates
}

/**
 * Configurations are never mutated, so the service's one is hashed once (every scoring asks);
 * a context spread with another configuration (tests, tuning) is hashed when it changes.
 */
function configHash(ctx: Ctx): string {
  const memo = ctx.caches.peers
  if (memo.hashed?.config !== ctx.scoring) {
    const hash = createHash('sha256').update(JSON.stringify(ctx.scoring)).digest('base64url')
    memo.hashed = { config: ctx.scoring, hash: hash.slice(0, 16) }
  }
  return memo.hashed.hash
}

/** [activity, active accounts] per "industry|band|topic" and per topic over all accounts. */
interface PeerTotals {
  bySegment: Record<string, [number, number]>
  overall: Record<string, [number, number]>
}

/** Days of one topic read per step; the event loop is let go between steps. */
const STEP_DAYS = 14
const FIELDS = 4

/**
 * The totals of windows of `baselineDays` days starting on `firstDays` (ascending), in one
 * scan per topic of the days they span. Per window, each segment's rollups are summed per
 * topic and type, then turned into activity: the same as a GROUP BY over that window.
 *
 * Sums are kept per day in typed arrays (segment × type × field × day) and added up per
 * window with prefix sums. A segment's active accounts per window come from a difference
 * array: a row on day d makes its account active in the windows that contain d, a contiguous
 * run of windows; rows arrive in day order, so each account adds only the windows it has not
 * been counted in yet.
 */
async function computeTotals(ctx: Ctx, firstDays: number[]): Promise<Map<number, PeerTotals>> {
  const length = ctx.scoring.baselineDays
  const fromDay = firstDays[0]!
  const toDay = firstDays.at(-1)! + length - 1
  const days = toDay - fromDay + 1
  const windows = firstDays.length
  // The windows holding day d are those with index in [firstWindow[d], lastWindow[d]].
  const firstWindow = new Int32Array(days)
  const lastWindow = new Int32Array(days)
  for (let d = 0, lo = 0, hi = -1; d < days; d++) {
    const day = fromDay + d
    while (lo < windows && firstDays[lo]! + length - 1 < day) lo++
    while (hi + 1 < windows && firstDays[hi + 1]! <= day) hi++
    firstWindow[d] = lo
    lastWindow[d] = hi
  }

  const { segmentNames, segmentOf, maxId } = await segmentsOf(ctx)
  const segments = segmentNames.length
  const types = SIGNAL_TYPES.length
  const typeIndex = new Map(SIGNAL_TYPES.map((type, i) => [type, i]))
  const countedUpTo = new Int32Array(maxId + 1)
  const results = new Map<number, PeerTotals>(
    firstDays.map((day) => [day, { bySegment: {}, overall: {} }]),
  )

  for (const topicId of await ctx.store.peers.topicIds()) {
    if (topicId === 0) continue
    const daily = new Float64Array(segments * types * FIELDS * days)
    const activeDiff = new Int32Array(segments * (windows + 1))
    countedUpTo.fill(-1)
    for (let from = fromDay; from <= toDay; from += STEP_DAYS) {
      const to = Math.min(toDay, from + STEP_DAYS - 1)
      for (const row of await ctx.store.peers.rows(topicId, from, to)) {
        const [accountId, day, type, signals, people, weightSum, weighted] = row
        const segment = segmentOf[accountId]!
        const d = day - fromDay
        const at = (segment * types + typeIndex.get(type)!) * FIELDS * days + d
        daily[at] = daily[at]! + signals
        daily[at + days] = daily[at + days]! + people
        daily[at + 2 * days] = daily[at + 2 * days]! + weightSum
        daily[at + 3 * days] = daily[at + 3 * days]! + weighted
        const first = Math.max(firstWindow[d]!, countedUpTo[accountId]! + 1)
        const last = lastWindow[d]!
        if (first <= last) {
          activeDiff[segment * (windows + 1) + first]! += 1
          activeDiff[segment * (windows + 1) + last + 1]! -= 1
          countedUpTo[accountId] = last
        }
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    // Prefix sums over days, so that a window's sum is two reads.
    for (let series = 0; series < segments * types * FIELDS; series++) {
      const base = series * days
      for (let d = 1; d < days; d++) daily[base + d] = daily[base + d]! + daily[base + d - 1]!
    }
    const windowSum = (series: number, w: number) => {
      const base = series * days
      const last = firstDays[w]! + length - 1 - fromDay
      const before = firstDays[w]! - fromDay - 1
      return daily[base + last]! - (before >= 0 ? daily[base + before]! : 0)
    }
    for (let w = 0; w < windows; w++) {
      const totals = results.get(firstDays[w]!)!
      let overallActivity = 0
      let overallAccounts = 0
      for (let segment = 0; segment < segments; segment++) {
        let active = 0
        for (let i = 0; i <= w; i++) active += activeDiff[segment * (windows + 1) + i]!
        if (active === 0) continue
        let activity = 0
        for (const [t, type] of SIGNAL_TYPES.entries()) {
          const series = (segment * types + t) * FIELDS
          const signals = windowSum(series, w)
          if (signals === 0) continue
          activity += cellActivity(
            {
              topicId,
              day: 0,
              type,
              signals,
              people: windowSum(series + 1, w),
              weightSum: windowSum(series + 2, w),
              weighted: windowSum(series + 3, w),
            },
            ctx.scoring,
          )
        }
        totals.bySegment[`${segmentNames[segment]}|${topicId}`] = [activity, active]
        overallActivity += activity
        overallAccounts += active
      }
      if (overallAccounts > 0) totals.overall[String(topicId)] = [overallActivity, overallAccounts]
    }
  }
  return results
}

/** Every account's segment as a small integer, indexed by account id. */
async function segmentsOf(ctx: Ctx) {
  const accounts = await ctx.store.peers.accounts()
  const segmentNames: string[] = []
  const segmentIndex = new Map<string, number>()
  let maxId = 0
  for (const account of accounts) maxId = Math.max(maxId, account.id)
  const segmentOf = new Int32Array(maxId + 1)
  for (const account of accounts) {
    const name = segmentKey(account.industry, account.employees)
    let index = segmentIndex.get(name)
    if (index === undefined) {
      index = segmentNames.length
      segmentNames.push(name)
      segmentIndex.set(name, index)
    }
    segmentOf[account.id] = index
  }
  return { segmentNames, segmentOf, maxId }
}

function ratesFrom(totals: PeerTotals, config: ScoringConfig): PeerRates {
  const days = config.baselineDays
  return {
    rate(industry, employees, topicId) {
      const segment = totals.bySegment[`${segmentKey(industry, employees)}|${topicId}`]
      const chosen =
        segment && segment[1] >= config.minPeerAccounts ? segment : totals.overall[String(topicId)]
      const mean = chosen && chosen[1] > 0 ? chosen[0] / (chosen[1] * days) : 0
      return Math.max(config.minPeerRatePerDay, mean)
    },
  }
}
