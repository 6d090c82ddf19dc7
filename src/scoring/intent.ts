import { DAY_MS } from '../vocabulary.ts'
import { TheilSenRegression } from 'ml-regression'
import { cellActivity, type DailyCell, decayFactor, type Windows } from './activity.ts'
import type { ScoringConfig } from './config.ts'
import type { TopicSurge } from './surge.ts'

export interface IntentSummary {
  /** Topics above the surge threshold, strongest first. */
  surgingTopics: number[]
  /** Share of the topics active in the recent window that surge (0–1). */
  breadth: number
  /**
   * Robust (Theil–Sen) trend of daily activity over the last `momentumDays`, as the change per
   * week relative to the period's mean: +0.5 means activity grows by half its mean each week.
   */
  momentum: number
  /**
   * All weighted activity, each signal faded by its type's half-life: what the account's
   * engagement is worth now. Without new signals it only falls.
   */
  engagement: number
}

export function summarizeIntent(
  topics: TopicSurge[],
  cells: DailyCell[],
  windows: Windows,
  asOf: number,
  config: ScoringConfig,
): IntentSummary {
  // `topics` arrive in display order (highest surge first, ties by name); keep it.
  const surging = topics
    .filter((topic) => topic.surge > config.surgeThreshold)
    .map((topic) => topic.topicId)
  const active = topics.filter((topic) => topic.recent > 0).length
  return {
    surgingTopics: surging,
    breadth: active === 0 ? 0 : Math.round((surging.length / active) * 1000) / 1000,
    momentum: momentum(cells, windows, config),
    engagement: engagement(cells, asOf, config),
  }
}

export function engagement(cells: DailyCell[], asOf: number, config: ScoringConfig): number {
  let total = 0
  for (const cell of cells) {
    // A day's activity is dated at its middle, or at asOf while that day is still going on.
    const ageDays = Math.max(0, (asOf - (cell.day + 0.5) * DAY_MS) / DAY_MS)
    total += cellActivity(cell, config) * decayFactor(cell.type, ageDays, config)
  }
  return Math.round(total * 100) / 100
}

export function momentum(cells: DailyCell[], windows: Windows, config: ScoringConfig): number {
  const firstDay = windows.lastDay - config.momentumDays + 1
  const daily = new Array<number>(config.momentumDays).fill(0)
  for (const cell of cells) {
    if (cell.day >= firstDay && cell.day <= windows.lastDay) {
      daily[cell.day - firstDay]! += cellActivity(cell, config)
    }
  }
  // The last day is partial: scale it up so a morning look-up does not read as a decline.
  daily[daily.length - 1]! /= windows.lastDayFraction
  const mean = daily.reduce((sum, value) => sum + value, 0) / daily.length
  if (mean === 0) return 0
  const days = daily.map((_, index) => index)
  const { slope } = new TheilSenRegression(days, daily)
  return Math.round(((slope * 7) / mean) * 1000) / 1000
}
