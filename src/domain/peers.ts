import { cellActivity, type Windows } from '../scoring/activity.ts'
import type { Ctx } from './context.ts'
import { industryKey, sizeBand } from '../scoring/segments.ts'

export interface PeerRates {
  /** Mean weighted activity per day on a topic among similar accounts that follow it. */
  rate(industry: string | null, employees: number | null, topicId: number): number
}

const TTL_MS = 10 * 60_000
/** Baseline windows remembered per store: training walks through a few dozen snapshot dates. */
const MAX_WINDOWS = 64
const caches = new WeakMap<object, Map<string, { computedAt: number; value: PeerRates }>>()

/**
 * Peer baselines for one baseline window: per industry × size band and topic, the mean daily
 * activity of the accounts active on the topic. Averaging over every account instead would
 * drag an engaged account's expectation toward zero and make it "surge" on its usual
 * activity. Groups with too few active accounts fall back to all accounts. Computed with two
 * aggregate queries and cached for ten minutes: peers move slowly.
 */
export async function peerRates(ctx: Ctx, windows: Windows): Promise<PeerRates> {
  let cache = caches.get(ctx.store)
  if (!cache) {
    cache = new Map()
    caches.set(ctx.store, cache)
  }
  const now = ctx.clock.now()
  const key = `${windows.baselineFirstDay}|${JSON.stringify(ctx.scoring)}`
  const cached = cache.get(key)
  if (cached && now - cached.computedAt < TTL_MS) return cached.value
  const value = await computePeerRates(ctx, windows)
  if (cache.size >= MAX_WINDOWS) cache.delete(cache.keys().next().value!)
  cache.set(key, { computedAt: now, value })
  return value
}

type Totals = Map<string, { activity: number; accounts: number }>

function add(totals: Totals, key: string, activity: number, accounts: number): void {
  const total = totals.get(key) ?? { activity: 0, accounts: 0 }
  total.activity += activity
  total.accounts += accounts
  totals.set(key, total)
}

async function computePeerRates(ctx: Ctx, windows: Windows): Promise<PeerRates> {
  const config = ctx.scoring
  const [cells, active] = await Promise.all([
    ctx.store.activity.peerCells(windows.baselineFirstDay, windows.baselineLastDay),
    ctx.store.activity.activePeers(windows.baselineFirstDay, windows.baselineLastDay),
  ])
  const bySegment: Totals = new Map()
  const overall: Totals = new Map()
  for (const cell of cells) {
    const activity = cellActivity(cell, config)
    add(bySegment, `${cell.industry}|${cell.band}|${cell.topicId}`, activity, 0)
    add(overall, String(cell.topicId), activity, 0)
  }
  for (const row of active) {
    add(bySegment, `${row.industry}|${row.band}|${row.topic_id}`, 0, row.accounts)
    add(overall, String(row.topic_id), 0, row.accounts)
  }
  const days = config.baselineDays

  return {
    rate(industry, employees, topicId) {
      const segment = bySegment.get(`${industryKey(industry)}|${sizeBand(employees)}|${topicId}`)
      const chosen =
        segment && segment.accounts >= config.minPeerAccounts
          ? segment
          : overall.get(String(topicId))
      const mean = chosen && chosen.accounts > 0 ? chosen.activity / (chosen.accounts * days) : 0
      return Math.max(config.minPeerRatePerDay, mean)
    },
  }
}
