import { type DailyCell, cellActivity, cellEngagements, type Windows } from './activity.ts'
import type { ScoringConfig } from './config.ts'
import { negBinomialLowerTail, negBinomialUpperTail, normalQuantile } from './stats.ts'

/** The evidence behind one account × topic surge score. */
export interface TopicSurge {
  topicId: number
  /** 0–100; 50 = at the account's baseline, above the threshold (60) = a significant rise. */
  surge: number
  /** Weighted activity in the recent window. */
  recent: number
  /** The baseline rate the recent window was tested against, per week (shrunk toward peers). */
  baseline: number
  /** What that rate predicts for the recent window. */
  expected: number
  /** Distinct contacts active on the topic in the recent window. */
  contacts: number
  /** 1 − the family-wise p-value of the rise (Šidák over the account's topics); 0 for no rise. */
  confidence: number
}

export interface TopicInput {
  topicId: number
  recent: number
  /** Unweighted engagements in the recent window: the volume behind `recent`. */
  recentEngagements: number
  baseline: number
  contacts: number
}

/** Sums weighted activity per topic into the recent and baseline windows. topic 0 (none) is left out. */
export function topicTotals(
  cells: DailyCell[],
  windows: Windows,
  contactsByTopic: ReadonlyMap<number, number>,
  config: ScoringConfig,
): TopicInput[] {
  const totals = new Map<number, TopicInput>()
  for (const cell of cells) {
    if (cell.topicId === 0 || cell.day < windows.baselineFirstDay || cell.day > windows.lastDay)
      continue
    let total = totals.get(cell.topicId)
    if (!total) {
      total = {
        topicId: cell.topicId,
        recent: 0,
        recentEngagements: 0,
        baseline: 0,
        contacts: contactsByTopic.get(cell.topicId) ?? 0,
      }
      totals.set(cell.topicId, total)
    }
    const activity = cellActivity(cell, config)
    if (cell.day >= windows.recentFirstDay) {
      total.recent += activity
      total.recentEngagements += cellEngagements(cell, config)
    } else {
      total.baseline += activity
    }
  }
  return [...totals.values()].filter((total) => total.recent > 0 || total.baseline > 0)
}

/** The z-score beyond which a rise is significant for one of `topics` tests at family-wise `alpha`. */
export function criticalZ(alpha: number, topics: number): number {
  const perTest = 1 - (1 - alpha) ** (1 / Math.max(1, topics))
  return normalQuantile(1 - perTest)
}

const MAX_Z = 8.5

export interface SurgeContext {
  windows: Windows
  /** Days of the baseline window on or after the account's first signal: its own history. */
  historyDays: number
  /** Peer (similar accounts') mean activity per day on each topic. */
  peerRate: (topicId: number) => number
  /** How many topics the account is tested on, for the multiple-testing correction. */
  topicsTested: number
  config: ScoringConfig
}

/**
 * Gamma–Poisson surge test. The account's rate on the topic has a Gamma prior centred on its
 * peers' rate, worth `priorDays` of observation; its own baseline (`historyDays` of it)
 * updates that prior; the recent window is then tested against the posterior predictive,
 * a negative binomial. Thin history therefore means "expected ≈ what similar accounts do",
 * and a heavy-tailed predictive, so a handful of events cannot look like a surge.
 */
export function surgeOf(input: TopicInput, context: SurgeContext): TopicSurge {
  const { config, windows } = context
  const prior = config.priorDays * context.peerRate(input.topicId)
  const shape = prior + input.baseline
  const exposure = config.priorDays + context.historyDays
  const rate = shape / exposure
  const expected = rate * windows.recentExposure
  const p = exposure / (exposure + windows.recentExposure)

  // Quasi-Poisson: the test runs on counts scaled down by the dispersion.
  const count = input.recent / config.dispersion
  const scaledShape = shape / config.dispersion
  let z = 0
  let pRise = 1
  if (input.recent > expected) {
    pRise = negBinomialUpperTail(count, scaledShape, p)
    z = Math.max(0, Math.min(MAX_Z, normalQuantile(1 - pRise)))
  } else if (input.recent < expected) {
    const pFall = negBinomialLowerTail(count, scaledShape, p)
    z = Math.min(0, Math.max(-MAX_Z, normalQuantile(pFall)))
  }
  const zCritical = criticalZ(config.alpha, context.topicsTested)
  let surge = Math.max(0, Math.min(100, 50 + (10 * z) / zCritical))
  // Too few recent engagements to call anything a surge, however quiet the baseline was,
  // and however heavily one of them is weighted.
  if (input.recentEngagements < config.minRecentEngagements)
    surge = Math.min(surge, config.surgeThreshold - 0.1)
  const familyP = 1 - (1 - pRise) ** Math.max(1, context.topicsTested)

  return {
    topicId: input.topicId,
    surge: round(surge, 1),
    recent: round(input.recent, 2),
    baseline: round(rate * 7, 3),
    expected: round(expected, 2),
    contacts: input.contacts,
    confidence: input.recent > expected ? round(Math.max(0, 1 - familyP), 4) : 0,
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
