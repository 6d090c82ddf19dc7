import { DAY_MS } from '../vocabulary.ts'
import type { SignalType } from '../vocabulary.ts'
import type { ScoringConfig } from './config.ts'

/** One account × topic × day × type rollup cell, as scoring reads it. `topicId` 0 means "no topic". */
export interface DailyCell {
  topicId: number
  day: number
  type: SignalType
  signals: number
  people: number
  weightSum: number
  weighted: number
}

/**
 * Weighted activity of one cell, in "content reads". Signals at their type's weight count
 * fully once per distinct person and `repeatFactor` for each repeat, so breadth beats one
 * person refreshing a page; a signal sent with an explicit weight adds exactly that weight.
 * Every signal adds something and nothing subtracts, so more activity never scores lower.
 */
export function cellActivity(cell: DailyCell, config: ScoringConfig): number {
  const atTypeWeight = cell.signals - cell.weighted
  const firsts = Math.min(cell.people, atTypeWeight)
  const units = firsts + config.repeatFactor * (atTypeWeight - firsts)
  return units * config.weights[cell.type] + cell.weightSum
}

/** Unweighted engagements of a cell: distinct people, plus repeats at `repeatFactor` each. */
export function cellEngagements(cell: DailyCell, config: ScoringConfig): number {
  return cell.people + config.repeatFactor * Math.max(0, cell.signals - cell.people)
}

/**
 * The day windows for an instant. The last day is the one holding `asOf` (counted up to asOf
 * only); an instant at midnight closes the previous day.
 */
export interface Windows {
  lastDay: number
  /** Fraction of the last day up to asOf, in (0, 1]. */
  lastDayFraction: number
  recentFirstDay: number
  baselineFirstDay: number
  baselineLastDay: number
  /** Length of the recent window in days (the last day counts by its fraction). */
  recentExposure: number
}

export function windowsAt(asOf: number, config: ScoringConfig): Windows {
  const lastDay = Math.floor((asOf - 1) / DAY_MS)
  const lastDayFraction = (asOf - lastDay * DAY_MS) / DAY_MS
  const recentFirstDay = lastDay - config.recentDays + 1
  return {
    lastDay,
    lastDayFraction,
    recentFirstDay,
    baselineLastDay: recentFirstDay - 1,
    baselineFirstDay: recentFirstDay - config.baselineDays,
    recentExposure: config.recentDays - 1 + lastDayFraction,
  }
}

/** Exponential decay of a contribution `ageDays` old, by its type's half-life. */
export function decayFactor(type: SignalType, ageDays: number, config: ScoringConfig): number {
  const halfLife = config.halfLifeDays[type]
  if (halfLife <= 0) return ageDays <= 0 ? 1 : 0
  return 0.5 ** (Math.max(0, ageDays) / halfLife)
}
