import { DAY_MS } from '../vocabulary.ts'
import { createHash } from 'node:crypto'
import type { Windows } from '../scoring/activity.ts'
import type { ScoringConfig } from '../scoring/config.ts'
import {
  accountSegments,
  type PeerRates,
  type PeerTotals,
  peerRatesFrom,
  peerTotals,
} from '../scoring/peer-totals.ts'
import type { Ctx } from './context.ts'
import { yieldToEventLoop } from '../event-loop.ts'

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
    if (stored) rates.set(day, peerRatesFrom(JSON.parse(stored.body) as PeerTotals, ctx.scoring))
    else toCompute.push(day)
  }
  if (toCompute.length > 0) {
    const computed = await computeTotals(ctx, toCompute)
    for (const [day, totals] of computed) {
      const keepFrom = Math.floor(now / DAY_MS) - KEEP_DAYS
      const window = { firstDay: day, lastDay: day + ctx.scoring.baselineDays - 1 }
      await ctx.store.peers.save(window, hash, JSON.stringify(totals), now, keepFrom)
      rates.set(day, peerRatesFrom(totals, ctx.scoring))
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

/** Days of one topic read per step; the event loop is let go between steps. */
const STEP_DAYS = 14

/**
 * The totals of windows starting on `firstDays` (ascending): the rollups read topic by topic,
 * in steps that let requests in, and summed by the pure `peerTotals`.
 */
async function computeTotals(ctx: Ctx, firstDays: number[]): Promise<Map<number, PeerTotals>> {
  const segments = accountSegments(await ctx.store.peers.accounts())
  const totals = peerTotals(firstDays, segments, ctx.scoring)
  for (const topicId of await ctx.store.peers.topicIds()) {
    if (topicId === 0) continue
    const topic = totals.topic(topicId)
    for (let from = totals.fromDay; from <= totals.toDay; from += STEP_DAYS) {
      const to = Math.min(totals.toDay, from + STEP_DAYS - 1)
      topic.add(await ctx.store.peers.rows(topicId, from, to))
      await yieldToEventLoop()
    }
    topic.finish()
  }
  return totals.totals
}
