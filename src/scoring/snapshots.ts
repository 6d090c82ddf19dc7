import { DAY_MS, type OutcomeType } from '../vocabulary.ts'
/**
 * Which instants of which accounts the in-market model learns from and is backtested on, and
 * with which label. Pure: outcomes and signal days in, snapshot instants out.
 *
 * Two populations:
 * - the **design** the model is fitted on: a snapshot the lead time before each outcome, and
 *   quiet accounts looked at the ages positives were seen at (incidence-density sampling);
 * - the **grid** it is calibrated and backtested on: every account every `everyDays` while it
 *   is active, as the service scores accounts day after day.
 */
import { createHash } from 'node:crypto'

export interface SnapshotOptions {
  /** Only outcomes up to it label snapshots. */
  asOf: number
  horizonDays: number
  /** Each outcome's snapshot is this far before it. */
  leadDays: number
  /** Between grid snapshots. */
  everyDays: number
  /** An account is active while it has a signal this many days back. */
  behaviourDays: number
}

export interface Snapshot {
  domain: string
  at: number
  label: 0 | 1
  /** Each outcome weighs 1, and a quiet account's snapshots, or an account's grid, 1 together. */
  weight: number
  /** The lead time before an outcome, a quiet account, or a date of the grid. */
  anchor: 'outcome' | 'quiet' | 'grid'
}

export type Outcome = { type: OutcomeType; occurredAt: number }

/** A stable pseudo-random number in [0, 1) from text: the same account always falls the same way. */
export function unit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32
}

/**
 * One account in five is held out of training, by a hash of its domain: always the same ones,
 * so models trained on the same book are backtested on the same accounts. `split` names
 * another draw (the evaluation script repeats its figures over several).
 */
export function isHoldout(domain: string, split = 'holdout'): boolean {
  return unit(`${split}:${domain}`) < 0.2
}

const POSITIVE: ReadonlySet<OutcomeType> = new Set(['won', 'opportunity'])

/** The end of the account's first day with a signal: what was known by then includes that day. */
export const seenAt = (signalDays: readonly number[]) =>
  signalDays[0] === undefined ? null : (signalDays[0] + 1) * DAY_MS

/**
 * Whether the account is already buying at t: an opportunity open (not yet won or lost), or a
 * deal won within the horizon. Such snapshots say nothing about who is about to buy.
 */
export function inDeal(outcomes: Outcome[], t: number, horizon: number): boolean {
  let open = false
  for (const outcome of outcomes) {
    if (outcome.occurredAt > t) break
    open = outcome.type === 'opportunity'
    if (outcome.type === 'won' && outcome.occurredAt > t - horizon) return true
  }
  return open
}

/**
 * The label of a snapshot at t: 1 when a won deal or an opportunity follows within the
 * horizon; 0 when a loss does, or when the whole horizon has passed by asOf with neither;
 * null when the horizon is still open and nothing happened yet (not known, so not used).
 */
export function labelAt(
  outcomes: Outcome[],
  t: number,
  horizon: number,
  asOf: number,
): 0 | 1 | null {
  let lost = false
  for (const outcome of outcomes) {
    if (outcome.occurredAt <= t || outcome.occurredAt > t + horizon) continue
    if (POSITIVE.has(outcome.type)) return 1
    lost = true
  }
  if (lost || t + horizon <= asOf) return 0
  return null
}

/**
 * The design snapshots of an account with outcomes: one the lead time before each outcome
 * (won, opportunity: positive; lost: an explicit negative), or at the end of the account's
 * first day of activity when the outcome came sooner than the lead time. No history is
 * required before it: thin history is what the peer prior is for.
 */
export function outcomeSnapshots(
  domain: string,
  outcomes: Outcome[],
  seen: number | null,
  options: SnapshotOptions,
): Snapshot[] {
  const horizon = options.horizonDays * DAY_MS
  const lead = options.leadDays * DAY_MS
  const times = new Set<number>()
  for (const outcome of outcomes) {
    let at = outcome.occurredAt - lead
    if (seen !== null && at < seen && seen < outcome.occurredAt) at = seen
    times.add(at)
  }
  const snapshots: Snapshot[] = []
  for (const at of [...times].sort((a, b) => a - b)) {
    if (at > options.asOf || inDeal(outcomes, at, horizon)) continue
    const label = labelAt(outcomes, at, horizon, options.asOf)
    if (label !== null) snapshots.push({ domain, at, label, anchor: 'outcome', weight: 1 })
  }
  return snapshots
}

/** Snapshots per quiet account: one in each tenth of the positives' ages. */
const QUIET_SNAPSHOTS = 10

/**
 * A quiet account's ages: one drawn in each tenth of the positives' ages (sorted), at a point
 * of its own (a stable hash of the account), so quiet and positive snapshots share one
 * continuous age distribution and age tells the model nothing the sampling put there.
 */
export function quietAges(domain: string, positiveAges: readonly number[]): number[] {
  if (positiveAges.length === 0) return [0]
  return Array.from({ length: QUIET_SNAPSHOTS }, (_, i) => {
    const q = (i + unit(`age:${domain}:${i}`)) / QUIET_SNAPSHOTS
    return positiveAges[Math.min(positiveAges.length - 1, Math.floor(q * positiveAges.length))]!
  })
}

/**
 * The design snapshots of an account with no outcome by asOf ("stayed quiet"): at the ages
 * positives were seen at — active or not, as the positives were — once the horizon after it
 * has passed, each a negative; together they weigh as one account, as each outcome does. An
 * account never seen is looked at once, a horizon before asOf, from its firmographics alone.
 */
export function quietSnapshots(
  domain: string,
  signalDays: readonly number[],
  positiveAges: readonly number[],
  options: SnapshotOptions,
): Snapshot[] {
  const horizon = options.horizonDays * DAY_MS
  const seen = seenAt(signalDays)
  if (seen === null)
    return [{ domain, at: options.asOf - horizon, label: 0, anchor: 'quiet', weight: 1 }]
  const times = new Set<number>()
  for (const age of quietAges(domain, positiveAges)) {
    const at = seen + age
    if (at + horizon <= options.asOf) times.add(at)
  }
  return [...times]
    .sort((a, b) => a - b)
    .map((at) => ({ domain, at, label: 0, anchor: 'quiet', weight: 1 / times.size }))
}

/** Whether any of the sorted days lies in [from, to]. */
function anyDayIn(days: readonly number[], from: number, to: number): boolean {
  let lo = 0
  let hi = days.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (days[mid]! < from) lo = mid + 1
    else hi = mid
  }
  return lo < days.length && days[lo]! <= to
}

/** When the last won or lost outcome up to t happened. */
function lastClosed(outcomes: Outcome[], t: number): number | null {
  let last: number | null = null
  for (const outcome of outcomes) {
    if (outcome.occurredAt > t) break
    if (outcome.type !== 'opportunity') last = outcome.occurredAt
  }
  return last
}

/** Grid snapshots per account at most (the most recent ones). */
const MAX_GRID = 26

/**
 * The grid snapshots of an account: every `everyDays` from the end of its first day with a
 * signal, while it is active (a signal within the behaviour window, after its last closed
 * deal if any: a lost account that never came back is not a lead any more), not in a deal,
 * and with a known label. This is how the service looks at accounts day after day, so
 * calibration and the backtest use it; an account's grid weighs 1 in all.
 */
export function gridSnapshots(
  domain: string,
  outcomes: Outcome[],
  signalDays: readonly number[],
  options: SnapshotOptions,
): Snapshot[] {
  const seen = seenAt(signalDays)
  const last = options.asOf - options.leadDays * DAY_MS
  if (seen === null || seen > last) return []
  const horizon = options.horizonDays * DAY_MS
  const every = options.everyDays * DAY_MS
  const snapshots: Snapshot[] = []
  for (let at = seen; at <= last; at += every) {
    const day = Math.floor((at - 1) / DAY_MS)
    const closed = lastClosed(outcomes, at)
    const from = Math.max(
      day - options.behaviourDays + 1,
      closed === null ? Number.NEGATIVE_INFINITY : Math.floor(closed / DAY_MS) + 1,
    )
    if (!anyDayIn(signalDays, from, day) || inDeal(outcomes, at, horizon)) continue
    const label = labelAt(outcomes, at, horizon, options.asOf)
    if (label !== null) snapshots.push({ domain, at, label, anchor: 'grid', weight: 1 })
  }
  // Every account counts once: one seen for two years must not outweigh one seen for weeks.
  const kept = snapshots.slice(-MAX_GRID)
  return kept.map((snapshot) => ({ ...snapshot, weight: 1 / kept.length }))
}

/**
 * Keeps snapshots up to a budget by a stable draw (the same rate for training and holdout
 * accounts), weighting the kept ones back so the weighted total is unchanged.
 */
export function sampleToBudget(snapshots: Snapshot[], budget: number): Snapshot[] {
  const keep = Math.min(1, budget / Math.max(snapshots.length, 1))
  if (keep === 1) return snapshots
  return snapshots
    .filter((s) => unit(`${s.domain}@${s.at}`) < keep)
    .map((s) => ({ ...s, weight: s.weight / keep }))
}
