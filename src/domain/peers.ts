import { cellActivity, type Windows } from '../scoring/activity.ts'
import type { Ctx } from './context.ts'
import { industryKey, sizeBand } from './segments.ts'

export interface PeerRates {
  /** Mean weighted activity per day on a topic among accounts like this one. */
  rate(industry: string | null, employees: number | null, topicId: number): number
}

const TTL_MS = 10 * 60_000
const cache = new WeakMap<object, { key: number; computedAt: number; value: PeerRates }>()

/**
 * Peer baselines for one baseline window: per industry × size band and topic, the activity of
 * every account in the group (active or not) divided by group size and window length. Groups
 * too small to be stable fall back to all accounts. Computed in one aggregate query and cached
 * for ten minutes, because peers move slowly and the query reads the whole window.
 */
export async function peerRates(ctx: Ctx, windows: Windows): Promise<PeerRates> {
  const cached = cache.get(ctx.store)
  const now = ctx.clock.now()
  if (cached && cached.key === windows.baselineFirstDay && now - cached.computedAt < TTL_MS)
    return cached.value
  const value = await computePeerRates(ctx, windows)
  cache.set(ctx.store, { key: windows.baselineFirstDay, computedAt: now, value })
  return value
}

async function computePeerRates(ctx: Ctx, windows: Windows): Promise<PeerRates> {
  const config = ctx.scoring
  const [cells, sizes] = await Promise.all([
    ctx.store.activity.peerCells(windows.baselineFirstDay, windows.baselineLastDay),
    ctx.store.activity.segmentSizes(),
  ])
  const bySegment = new Map<string, Map<number, number>>()
  const overall = new Map<number, number>()
  for (const cell of cells) {
    const segment = `${cell.industry}|${cell.band}`
    const activity = cellActivity(cell, config)
    const topics = bySegment.get(segment) ?? new Map<number, number>()
    topics.set(cell.topicId, (topics.get(cell.topicId) ?? 0) + activity)
    bySegment.set(segment, topics)
    overall.set(cell.topicId, (overall.get(cell.topicId) ?? 0) + activity)
  }
  const segmentSize = new Map(sizes.map((row) => [`${row.industry}|${row.band}`, row.accounts]))
  const allAccounts = Math.max(
    1,
    sizes.reduce((sum, row) => sum + row.accounts, 0),
  )
  const days = config.baselineDays

  return {
    rate(industry, employees, topicId) {
      const segment = `${industryKey(industry)}|${sizeBand(employees)}`
      const size = segmentSize.get(segment) ?? 0
      const mean =
        size >= config.minPeerAccounts
          ? (bySegment.get(segment)?.get(topicId) ?? 0) / (size * days)
          : (overall.get(topicId) ?? 0) / (allAccounts * days)
      return Math.max(config.minPeerRatePerDay, mean)
    },
  }
}
