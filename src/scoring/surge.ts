import { type DailyCell, cellActivity, cellEngagements, type Windows } from './activity.ts'
import type { ScoringConfig } from './config.ts'
import {
  logNegBinomialUpperTail,
  negBinomialLowerTail,
  normalQuantile,
  upperTailZ,
} from './stats.ts'

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

/** Falls are told apart no further than this: below the baseline, how far below matters little. */
const MAX_FALL_Z = 8.5
/** z-units past the critical value over which a rise's certainty grows to full weight. */
const CERTAINTY_RAMP = 2
/** The lift (over the upper bound of the expected activity) that fills a third of the band above 60. */
const LIFT_SCALE = Math.log(6)
/** The upper bound of the account's rate: the 97.5 % quantile of its posterior. */
const RATE_BOUND_Z = 1.96

/**
 * The upper `z` quantile of a Gamma(shape, exposure) rate (Wilson–Hilferty): how high the
 * account's true rate could plausibly be, given what it showed.
 */
function rateUpperBound(shape: number, exposure: number): number {
  const v = 1 / (9 * shape)
  const cube = (1 - v + RATE_BOUND_Z * Math.sqrt(v)) ** 3
  return (shape / exposure) * Math.max(1, cube)
}

/**
 * Where a significant rise sits in the band above the threshold, by size and certainty
 * together: the lift of the recent activity over the *upper bound* of what the baseline
 * predicts (so a rise over a thin, uncertain history counts for less), saturating (1 − L^−1/ln 6:
 * 2× fills 0.32 of the band, 6× 0.63, 25× 0.83), times how far past significance the test is
 * (full weight CERTAINTY_RAMP z-units beyond the critical value). Continuous at the threshold,
 * and increasing in the recent activity: a larger spike over the same baseline never scores
 * lower, and scores strictly higher while below 100.
 */
export function riseScore(liftOverBound: number, z: number, zCritical: number): number {
  const size = 1 - Math.exp(-Math.log(Math.max(1, liftOverBound)) / LIFT_SCALE)
  const certainty = Math.min(1, Math.max(0, (z - zCritical) / CERTAINTY_RAMP))
  return size * certainty
}

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
  // log P(rise): in log space, so that a spike far out keeps its exact z (no underflow).
  let logRise = 0
  if (input.recent > expected) {
    logRise = logNegBinomialUpperTail(count, scaledShape, p)
    z = Math.max(0, upperTailZ(logRise))
  } else if (input.recent < expected) {
    const pFall = negBinomialLowerTail(count, scaledShape, p)
    z = Math.min(0, Math.max(-MAX_FALL_Z, normalQuantile(pFall)))
  }
  const zCritical = criticalZ(config.alpha, context.topicsTested)
  // Up to the threshold, how close the rise comes to significance; past it, its size and
  // certainty (riseScore) spread significant rises over the band from 60 to 100.
  const boundExpected = rateUpperBound(shape, exposure) * windows.recentExposure
  let surge =
    z < zCritical
      ? Math.max(0, 50 + (10 * z) / zCritical)
      : 60 + 40 * riseScore(input.recent / boundExpected, z, zCritical)
  // Too few recent engagements to call anything a surge, however quiet the baseline was,
  // and however heavily one of them is weighted.
  if (input.recentEngagements < config.minRecentEngagements)
    surge = Math.min(surge, config.surgeThreshold - 0.1)
  // 1 − (1 − P)^topics, computed so that a tiny P does not round away.
  const familyP = -Math.expm1(Math.max(1, context.topicsTested) * Math.log1p(-Math.exp(logRise)))

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

/** A category's surge: its topics' activity pooled and tested like one topic. */
export interface CategorySurge {
  category: string
  surge: number
  recent: number
  expected: number
  baseline: number
  confidence: number
  /** Its topics with activity in the windows, by id. */
  topicIds: number[]
}

/**
 * Category-level intent: an account reading a little on each of five security topics is
 * researching security even when no single topic rises enough. Each category's topics are
 * pooled (recent and baseline activity, engagements; the most people on any one topic), the
 * peers' rates summed, and the pool tested like a topic, corrected for the number of
 * categories tested. Topics with no category are left out.
 */
export function categorySurges(
  totals: TopicInput[],
  categoryOf: (topicId: number) => string | null,
  context: Omit<SurgeContext, 'topicsTested'>,
): CategorySurge[] {
  const pools = new Map<string, { input: TopicInput; topicIds: number[] }>()
  for (const total of totals) {
    const category = categoryOf(total.topicId)
    if (category === null) continue
    const pool = pools.get(category) ?? {
      input: { topicId: 0, recent: 0, recentEngagements: 0, baseline: 0, contacts: 0 },
      topicIds: [],
    }
    pool.input.recent += total.recent
    pool.input.recentEngagements += total.recentEngagements
    pool.input.baseline += total.baseline
    pool.input.contacts = Math.max(pool.input.contacts, total.contacts)
    pool.topicIds.push(total.topicId)
    pools.set(category, pool)
  }
  return [...pools].map(([category, { input, topicIds }]) => {
    const result = surgeOf(input, {
      ...context,
      peerRate: () => topicIds.reduce((sum, id) => sum + context.peerRate(id), 0),
      topicsTested: pools.size,
    })
    return {
      category,
      surge: result.surge,
      recent: result.recent,
      expected: result.expected,
      baseline: result.baseline,
      confidence: result.confidence,
      topicIds,
    }
  })
}
