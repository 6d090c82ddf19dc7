import { createHash } from 'node:crypto'
import { cellActivity, type Windows } from '../scoring/activity.ts'
import type { ScoringConfig } from '../scoring/config.ts'
import { segmentKey } from '../scoring/segments.ts'
import { SIGNAL_TYPES } from '../ingest/schemas.ts'
import type { Ctx } from './context.ts'

export interface PeerRates {
  /** Mean weighted activity per day on a topic among similar accounts that follow it. */
  rate(industry: string | null, employees: number | null, topicId: number): number
}

/** A window's peers are recomputed when this old: late signals move them a little. */
const REFRESH_MS = 60 * 60_000
/** Persisted windows older than this are pruned: the current window moves every day. */
const KEEP_MS = 3 * 86_400_000
/** Baseline windows remembered per store: training walks through a few dozen snapshot dates. */
const MAX_WINDOWS = 64

interface Cached {
  computedAt: number
  value: Promise<PeerRates>
}
const caches = new WeakMap<object, Map<string, Cached>>()

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
export function peerRates(ctx: Ctx, windows: Windows): Promise<PeerRates> {
  let cache = caches.get(ctx.store)
  if (!cache) {
    cache = new Map()
    caches.set(ctx.store, cache)
  }
  const hash = configHash(ctx.scoring)
  const key = `${windows.baselineFirstDay}|${hash}`
  const now = ctx.clock.now()
  const cached = cache.get(key)
  if (cached && now - cached.computedAt < REFRESH_MS) return cached.value
  const value = loadOrCompute(ctx, windows, hash, now)
  if (cache.size >= MAX_WINDOWS) cache.delete(cache.keys().next().value!)
  cache.set(key, { computedAt: now, value })
  // A failed computation must not stay cached.
  value.catch(() => cache.delete(key))
  return value
}

async function loadOrCompute(
  ctx: Ctx,
  windows: Windows,
  hash: string,
  now: number,
): Promise<PeerRates> {
  const stored = await ctx.store.peers.get(windows.baselineFirstDay, hash)
  if (stored && now - stored.computedAt < REFRESH_MS && now >= stored.computedAt) {
    return ratesFrom(JSON.parse(stored.body) as PeerTotals, ctx.scoring)
  }
  const totals = await computeTotals(ctx, windows)
  await ctx.store.peers.save(
    windows.baselineFirstDay,
    hash,
    JSON.stringify(totals),
    now,
    now - KEEP_MS,
  )
  return ratesFrom(totals, ctx.scoring)
}

const hashes = new WeakMap<ScoringConfig, string>()

/** Configurations are never mutated, so each one is hashed once (every scoring asks). */
function configHash(config: ScoringConfig): string {
  let hash = hashes.get(config)
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify(config)).digest('base64url').slice(0, 16)
    hashes.set(config, hash)
  }
  return hash
}

/** [activity, active accounts] per "industry|band|topic" and per topic over all accounts. */
interface PeerTotals {
  bySegment: Record<string, [number, number]>
  overall: Record<string, [number, number]>
}

/** Days of one topic read per step; the event loop is let go between steps. */
const STEP_DAYS = 14

/**
 * Sums each segment's rollups per topic and type first, then turns the sums into activity (the
 * same aggregation as a GROUP BY over the window), reading one topic and a fortnight at a time.
 * Sums live in typed arrays indexed by segment and type: the loop runs a million times.
 */
async function computeTotals(ctx: Ctx, windows: Windows): Promise<PeerTotals> {
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
  const typeIndex = new Map(SIGNAL_TYPES.map((type, i) => [type, i]))
  const width = SIGNAL_TYPES.length * 4
  const seen = new Uint8Array(maxId + 1)
  const totals: PeerTotals = { bySegment: {}, overall: {} }

  for (const topicId of await ctx.store.peers.topicIds()) {
    if (topicId === 0) continue
    const sums = new Float64Array(segmentNames.length * width)
    const active = new Int32Array(segmentNames.length)
    seen.fill(0)
    for (let from = windows.baselineFirstDay; from <= windows.baselineLastDay; from += STEP_DAYS) {
      const to = Math.min(windows.baselineLastDay, from + STEP_DAYS - 1)
      for (const [
        accountId,
        type,
        signals,
        people,
        weightSum,
        weighted,
      ] of await ctx.store.peers.rows(topicId, from, to)) {
        const segment = segmentOf[accountId]!
        const at = segment * width + typeIndex.get(type)! * 4
        sums[at] = sums[at]! + signals
        sums[at + 1] = sums[at + 1]! + people
        sums[at + 2] = sums[at + 2]! + weightSum
        sums[at + 3] = sums[at + 3]! + weighted
        if (seen[accountId] === 0) {
          seen[accountId] = 1
          active[segment]! += 1
        }
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    let overallActivity = 0
    let overallAccounts = 0
    for (const [segment, name] of segmentNames.entries()) {
      let activity = 0
      for (const [t, type] of SIGNAL_TYPES.entries()) {
        const at = segment * width + t * 4
        if (sums[at] === 0) continue
        activity += cellActivity(
          {
            topicId,
            day: 0,
            type,
            signals: sums[at]!,
            people: sums[at + 1]!,
            weightSum: sums[at + 2]!,
            weighted: sums[at + 3]!,
          },
          ctx.scoring,
        )
      }
      if (active[segment] === 0) continue
      totals.bySegment[`${name}|${topicId}`] = [activity, active[segment]!]
      overallActivity += activity
      overallAccounts += active[segment]!
    }
    if (overallAccounts > 0) totals.overall[String(topicId)] = [overallActivity, overallAccounts]
  }
  return totals
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
