import { windowsAt } from '../scoring/activity.ts'
import type { FeatureRecord } from '../scoring/feature-record.ts'
import {
  gridSnapshots,
  isHoldout,
  type Outcome,
  outcomeSnapshots,
  quietSnapshots,
  type Snapshot,
  type SnapshotOptions,
  sampleToBudget,
  seenAt,
} from '../scoring/snapshots.ts'
import type { Ctx } from './context.ts'
import { accountSnapshot } from './in-market.ts'
import { preparePeerRates } from './peers.ts'
import { yieldToEventLoop } from '../event-loop.ts'

export { isHoldout } from '../scoring/snapshots.ts'

export interface ExampleOptions extends SnapshotOptions {
  /** Design snapshots computed at most; quiet ones beyond it are sampled and weighted back. */
  maxExamples: number
  /** Grid snapshots computed at most, likewise (default: a third of `maxExamples`). */
  maxGridExamples?: number
  /** Which draw of held-out accounts (see `isHoldout`). */
  split?: string
}

export interface Example extends Snapshot {
  record: FeatureRecord
}

/** Distinct snapshot days whose peer baselines are prepared together (the peer cache holds 128). */
const DAYS_PER_CHUNK = 48

/**
 * The snapshots of the book: the design the model is fitted on (outcome-anchored, and quiet
 * accounts at the positives' ages, learnt from training accounts only) and the grid it is
 * calibrated and backtested on. Two passes over the accounts: the quiet ages need every
 * outcome first.
 */
async function snapshotsOf(ctx: Ctx, options: ExampleOptions, byAccount: Map<string, Outcome[]>) {
  const accounts = await ctx.store.accounts.pageById(0, 10_000_000)
  const design: Snapshot[] = []
  const grid: Snapshot[] = []
  const quiet: { domain: string; days: number[] }[] = []
  const positiveAges: number[] = []
  for (const [index, { id, account }] of accounts.entries()) {
    if (index % 256 === 0) await yieldToEventLoop()
    const outcomes = byAccount.get(account.domain) ?? []
    const days = await ctx.store.activity.signalDays(id, options.asOf)
    grid.push(...gridSnapshots(account.domain, outcomes, days, options))
    if (outcomes.length === 0) {
      quiet.push({ domain: account.domain, days })
      continue
    }
    const seen = seenAt(days)
    for (const snapshot of outcomeSnapshots(account.domain, outcomes, seen, options)) {
      design.push(snapshot)
      if (snapshot.label === 1 && seen !== null && !isHoldout(account.domain, options.split))
        positiveAges.push(Math.max(0, snapshot.at - seen))
    }
  }
  positiveAges.sort((a, b) => a - b)
  const quietDesign = quiet.flatMap(({ domain, days }) =>
    quietSnapshots(domain, days, positiveAges, options),
  )
  const budget = Math.max(options.maxExamples - design.length, design.length)
  return {
    accounts,
    design: [...design, ...sampleToBudget(quietDesign, budget)],
    grid: sampleToBudget(grid, options.maxGridExamples ?? Math.round(options.maxExamples / 3)),
  }
}

/** Each snapshot's features as of its instant, from rollups and signals up to it only. */
async function withFeatures(
  ctx: Ctx,
  snapshots: Snapshot[],
  known: Map<string, Awaited<ReturnType<Ctx['store']['accounts']['pageById']>>[number]>,
  behaviourDays: number,
): Promise<Example[]> {
  const byDay = new Map<number, Snapshot[]>()
  for (const snapshot of snapshots) {
    const day = windowsAt(snapshot.at, ctx.scoring).baselineFirstDay
    const list = byDay.get(day)
    if (list) list.push(snapshot)
    else byDay.set(day, [snapshot])
  }
  const days = [...byDay.keys()].sort((a, b) => a - b)
  const examples: Example[] = []
  for (let start = 0; start < days.length; start += DAYS_PER_CHUNK) {
    const chunk = days.slice(start, start + DAYS_PER_CHUNK)
    // The peer baselines of these snapshot dates in one scan of the rollups they span.
    await preparePeerRates(ctx, chunk)
    for (const day of chunk)
      for (const [index, snapshot] of byDay.get(day)!.entries()) {
        // Let look-ups and ingest interleave with a long training run on a live server.
        if (index % 64 === 0) await yieldToEventLoop()
        const account = known.get(snapshot.domain)!
        const { record } = await accountSnapshot(ctx, snapshot.domain, snapshot.at, account, {
          behaviourDays,
        })
        examples.push({ ...snapshot, record })
      }
  }
  return examples.sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : a.at - b.at))
}

/**
 * Point-in-time examples of both populations (see `scoring/snapshots.ts`), with what the
 * trainer also needs: the outcomes and the accounts.
 */
export async function trainingExamples(ctx: Ctx, options: ExampleOptions) {
  const outcomes = await ctx.store.outcomes.all(options.asOf)
  const byAccount = new Map<string, Outcome[]>()
  for (const outcome of outcomes) {
    const list = byAccount.get(outcome.domain)
    if (list) list.push(outcome)
    else byAccount.set(outcome.domain, [outcome])
  }
  for (const list of byAccount.values()) list.sort((a, b) => a.occurredAt - b.occurredAt)
  const { accounts, design, grid } = await snapshotsOf(ctx, options, byAccount)
  const known = new Map(accounts.map((entry) => [entry.account.domain, entry]))
  return {
    examples: await withFeatures(ctx, design, known, options.behaviourDays),
    grid: await withFeatures(ctx, grid, known, options.behaviourDays),
    outcomes,
    accounts,
  }
}
