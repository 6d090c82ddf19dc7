import { SIGNAL_TYPES, type SignalType } from '../vocabulary.ts'
import { cellActivity } from './activity.ts'
import type { ScoringConfig } from './config.ts'
import { segmentKey } from './segments.ts'

/** [activity, active accounts] per "industry|band|topic" and per topic over all accounts. */
export interface PeerTotals {
  bySegment: Record<string, [number, number]>
  overall: Record<string, [number, number]>
}

/** One daily rollup row of a topic, as a tuple: a baseline window holds a million. */
export type RollupRow = [
  accountId: number,
  day: number,
  type: SignalType,
  signals: number,
  people: number,
  weightSum: number,
  weighted: number,
]

/** Every account's segment as a small integer, indexed by account id. */
export interface AccountSegments {
  names: string[]
  of: Int32Array
}

export function accountSegments(
  accounts: readonly { id: number; industry: string | null; employees: number | null }[],
): AccountSegments {
  const names: string[] = []
  const indexOf = new Map<string, number>()
  let maxId = 0
  for (const account of accounts) maxId = Math.max(maxId, account.id)
  const of = new Int32Array(maxId + 1)
  for (const account of accounts) {
    const name = segmentKey(account.industry, account.employees)
    let index = indexOf.get(name)
    if (index === undefined) {
      index = names.length
      names.push(name)
      indexOf.set(name, index)
    }
    of[account.id] = index
  }
  return { names, of }
}

/** Mean weighted activity per day on a topic among similar accounts that follow it. */
export interface PeerRates {
  rate(industry: string | null, employees: number | null, topicId: number): number
}

/** The rates of one window's totals; a segment with too few active accounts falls back to all. */
export function peerRatesFrom(totals: PeerTotals, config: ScoringConfig): PeerRates {
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

/** signals, people, weightSum, weighted: the summed fields of a rollup row. */
const FIELDS = 4

/** The days the windows span, and for each day the run of windows [first, last] holding it. */
interface WindowSpans {
  fromDay: number
  days: number
  firstWindow: Int32Array
  lastWindow: Int32Array
}

function windowSpans(firstDays: readonly number[], length: number): WindowSpans {
  const fromDay = firstDays[0]!
  const days = firstDays.at(-1)! + length - fromDay
  const windows = firstDays.length
  const firstWindow = new Int32Array(days)
  const lastWindow = new Int32Array(days)
  for (let d = 0, lo = 0, hi = -1; d < days; d++) {
    const day = fromDay + d
    while (lo < windows && firstDays[lo]! + length - 1 < day) lo++
    while (hi + 1 < windows && firstDays[hi + 1]! <= day) hi++
    firstWindow[d] = lo
    lastWindow[d] = hi
  }
  return { fromDay, days, firstWindow, lastWindow }
}

/**
 * The totals of windows of `baselineDays` days starting on `firstDays` (ascending), fed one
 * topic at a time with that topic's rows over the days the windows span, in day order (in as
 * many pieces as the reader likes). Per window, each segment's rows are summed per topic and
 * type, then turned into activity: the same as a GROUP BY over that window.
 *
 * Sums are kept per day in typed arrays (segment × type × field × day) and added up per
 * window with prefix sums. A segment's active accounts per window come from a difference
 * array: a row on day d makes its account active in the windows that contain d, a contiguous
 * run of windows; rows arrive in day order, so each account adds only the windows it has not
 * been counted in yet.
 */
export function peerTotals(
  firstDays: readonly number[],
  segments: AccountSegments,
  config: ScoringConfig,
) {
  const spans = windowSpans(firstDays, config.baselineDays)
  const countedUpTo = new Int32Array(segments.of.length)
  const totals = new Map<number, PeerTotals>(
    firstDays.map((day) => [day, { bySegment: {}, overall: {} }]),
  )
  return {
    /** The first and last day whose rows the windows need. */
    fromDay: spans.fromDay,
    toDay: spans.fromDay + spans.days - 1,
    /** Starts a topic: add its rows, then finish it before starting the next. */
    topic(topicId: number) {
      countedUpTo.fill(-1)
      const sums = topicSums(spans, firstDays.length, segments, countedUpTo)
      return {
        add: sums.add,
        finish: () =>
          addTopicTotals(totals, firstDays, topicId, sums.windowed(firstDays, config), segments),
      }
    },
    /** The totals by window first day, complete once every topic is finished. */
    totals,
  }
}

const TYPE_INDEX = new Map(SIGNAL_TYPES.map((type, i) => [type, i]))

/** One topic's daily sums and active-account differences, as rows are added. */
function topicSums(
  spans: WindowSpans,
  windows: number,
  segments: AccountSegments,
  countedUpTo: Int32Array,
) {
  const { fromDay, days, firstWindow, lastWindow } = spans
  const types = SIGNAL_TYPES.length
  const daily = new Float64Array(segments.names.length * types * FIELDS * days)
  const activeDiff = new Int32Array(segments.names.length * (windows + 1))
  return {
    add(rows: readonly RollupRow[]) {
      for (const [accountId, day, type, signals, people, weightSum, weighted] of rows) {
        const segment = segments.of[accountId]!
        const d = day - fromDay
        const at = (segment * types + TYPE_INDEX.get(type)!) * FIELDS * days + d
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
    },
    windowed: (firstDays: readonly number[], config: ScoringConfig) =>
      windowedActivity({ daily, activeDiff, fromDay, days, windows }, firstDays, config),
  }
}

/** Per window and segment: [activity, active accounts], or null where no account was active. */
type WindowedActivity = ([number, number] | null)[][]

function windowedActivity(
  sums: {
    daily: Float64Array
    activeDiff: Int32Array
    fromDay: number
    days: number
    windows: number
  },
  firstDays: readonly number[],
  config: ScoringConfig,
): WindowedActivity {
  const { daily, activeDiff, fromDay, days, windows } = sums
  const segmentCount = activeDiff.length / (windows + 1)
  // Prefix sums over days, so that a window's sum is two reads.
  for (let series = 0; series < daily.length / days; series++) {
    const base = series * days
    for (let d = 1; d < days; d++) daily[base + d] = daily[base + d]! + daily[base + d - 1]!
  }
  const windowSum = (series: number, w: number) => {
    const base = series * days
    const last = firstDays[w]! + config.baselineDays - 1 - fromDay
    const before = firstDays[w]! - fromDay - 1
    return daily[base + last]! - (before >= 0 ? daily[base + before]! : 0)
  }
  const result: WindowedActivity = []
  for (let w = 0; w < windows; w++) {
    const row: ([number, number] | null)[] = []
    for (let segment = 0; segment < segmentCount; segment++) {
      let active = 0
      for (let i = 0; i <= w; i++) active += activeDiff[segment * (windows + 1) + i]!
      row.push(active === 0 ? null : [segmentActivity(segment, w, windowSum, config), active])
    }
    result.push(row)
  }
  return result
}

function segmentActivity(
  segment: number,
  w: number,
  windowSum: (series: number, w: number) => number,
  config: ScoringConfig,
): number {
  let activity = 0
  for (const [t, type] of SIGNAL_TYPES.entries()) {
    const series = (segment * SIGNAL_TYPES.length + t) * FIELDS
    const signals = windowSum(series, w)
    if (signals === 0) continue
    // A window's sums as one cell: the topic and the day do not enter its activity.
    activity += cellActivity(
      {
        topicId: 0,
        day: 0,
        type,
        signals,
        people: windowSum(series + 1, w),
        weightSum: windowSum(series + 2, w),
        weighted: windowSum(series + 3, w),
      },
      config,
    )
  }
  return activity
}

function addTopicTotals(
  totals: Map<number, PeerTotals>,
  firstDays: readonly number[],
  topicId: number,
  windowed: WindowedActivity,
  segments: AccountSegments,
): void {
  for (const [w, firstDay] of firstDays.entries()) {
    const window = totals.get(firstDay)!
    let overallActivity = 0
    let overallAccounts = 0
    for (const [segment, cell] of windowed[w]!.entries()) {
      if (cell === null) continue
      window.bySegment[`${segments.names[segment]}|${topicId}`] = cell
      overallActivity += cell[0]
      overallAccounts += cell[1]
    }
    if (overallAccounts > 0) window.overall[String(topicId)] = [overallActivity, overallAccounts]
  }
}
