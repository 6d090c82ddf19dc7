import { createHash } from 'node:crypto'
import { DAY_MS, windowsAt } from '../scoring/activity.ts'
import { FEATURES } from '../scoring/features.ts'
import { fitLogistic, fitStandardizer, logit, sigmoid, standardize } from '../scoring/logistic.ts'
import { brierScore, calibrationTable, logLoss, rocAuc } from '../scoring/metrics.ts'
import type { InMarketModel } from '../scoring/model.ts'
import type { Ctx } from './context.ts'
import { accountSnapshot } from './in-market.ts'
import { preparePeerRates } from './peers.ts'

export interface TrainOptions {
  /** Train on what was known by then; labels come from outcomes up to it. Default: now. */
  asOf: number
  horizonDays: number
  /** Days between snapshots. */
  everyDays?: number
  /** Ridge penalty on standardized features. */
  l2?: number
  /** Negatives kept per positive, to bound the work; weights are corrected for it. */
  negativesPerPositive?: number
}

export interface Example {
  domain: string
  at: number
  label: 0 | 1
  vector: number[]
}

export const MIN_POSITIVES = 20

/** A stable pseudo-random number in [0, 1) from text: the same account always falls the same way. */
function unit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32
}

export function isHoldout(domain: string): boolean {
  return unit(`holdout:${domain}`) < 0.2
}

/**
 * Point-in-time examples: at each snapshot date t (every 14 days, each early enough that its
 * whole label window has passed by asOf), an account's features as of t and whether it opened
 * an opportunity (or won) in the `horizonDays` after t. Accounts already in a deal at t are
 * left out: they are not "about to buy", they are buying. Nothing after t enters the features.
 */
export async function trainingExamples(ctx: Ctx, options: TrainOptions) {
  const horizon = options.horizonDays * DAY_MS
  const every = (options.everyDays ?? 14) * DAY_MS
  const earliest = await ctx.store.activity.earliestSignalAt()
  const history = (ctx.scoring.recentDays + ctx.scoring.baselineDays) * DAY_MS
  const snapshots: number[] = []
  for (
    let t = options.asOf - horizon;
    earliest !== null && t >= earliest + history && snapshots.length < 26;
    t -= every
  ) {
    snapshots.push(Math.floor(t / DAY_MS) * DAY_MS)
  }
  const outcomes = await ctx.store.outcomes.all(options.asOf)
  const byAccount = new Map<string, { type: string; occurredAt: number }[]>()
  for (const outcome of outcomes)
    byAccount.set(outcome.domain, [...(byAccount.get(outcome.domain) ?? []), outcome])
  const domains = (await ctx.store.accounts.list(null, 10_000_000)).items.map(
    (account) => account.domain,
  )

  const candidates: Omit<Example, 'vector'>[] = []
  // Snapshot by snapshot, so the peer baselines of one date are computed once.
  for (const at of snapshots) {
    for (const domain of domains) {
      const deals = (byAccount.get(domain) ?? []).filter(
        (o) => o.type === 'opportunity' || o.type === 'won',
      )
      if (deals.some((o) => o.occurredAt > at - horizon && o.occurredAt <= at)) continue
      const label = deals.some((o) => o.occurredAt > at && o.occurredAt <= at + horizon) ? 1 : 0
      candidates.push({ domain, at, label })
    }
  }
  const positives = candidates.filter((c) => c.label === 1).length
  const negatives = candidates.length - positives
  const keepNegative = Math.min(
    1,
    ((options.negativesPerPositive ?? 15) * Math.max(positives, 1)) / Math.max(negatives, 1),
  )
  // Every snapshot date's peer baselines in one scan of the rollups they span.
  await preparePeerRates(
    ctx,
    snapshots.map((at) => windowsAt(at, ctx.scoring).baselineFirstDay),
  )
  const examples: Example[] = []
  for (const [index, candidate] of candidates.entries()) {
    // Let look-ups and ingest interleave with a long training run on a live server.
    if (index % 64 === 0) await new Promise((resolve) => setImmediate(resolve))
    // The holdout keeps every negative, so its log loss and calibration describe real rates.
    const sampledOut =
      !isHoldout(candidate.domain) && unit(`${candidate.domain}@${candidate.at}`) >= keepNegative
    if (candidate.label === 0 && sampledOut) continue
    const snapshot = await accountSnapshot(ctx, candidate.domain, candidate.at)
    examples.push({ ...candidate, vector: snapshot.vector })
  }
  return {
    examples,
    snapshots,
    positives,
    negatives,
    positiveRate: positives / Math.max(1, candidates.length),
  }
}

export interface HoldoutMetrics {
  auc: number | null
  logLoss: number | null
  brier: number | null
  calibration: ReturnType<typeof calibrationTable>
  rows: number
}

export function evaluate(model: InMarketModel, examples: Example[]): HoldoutMetrics {
  if (examples.length === 0)
    return { auc: null, logLoss: null, brier: null, calibration: [], rows: 0 }
  const probabilities = examples.map((example) => sigmoid(modelLogit(model, example.vector)))
  const labels = examples.map((example) => example.label)
  const auc = rocAuc(probabilities, labels)
  return {
    auc: Number.isNaN(auc) ? null : auc,
    logLoss: logLoss(probabilities, labels),
    brier: brierScore(probabilities, labels),
    calibration: calibrationTable(probabilities, labels),
    rows: examples.length,
  }
}

function modelLogit(model: InMarketModel, vector: number[]): number {
  return logit(
    {
      intercept: model.intercept,
      coefficients: model.coefficients,
      iterations: 0,
      converged: true,
    },
    standardize(vector, model.standardizer),
  )
}

/**
 * Every feature is built so that more of it should mean more likely to buy. Correlated
 * features (engagement, people, high-intent actions) can still get opposite signs in a plain
 * fit, and a seller would then read "0 people active" as a reason *for* the score. So features
 * whose coefficient comes out negative are dropped one at a time (the most negative first) and
 * the model refitted: a sign-constrained fit that keeps every reason's direction honest.
 */
export function fitWithPositiveSigns(rows: number[][], labels: (0 | 1)[], l2: number) {
  let active = rows[0]!.map((_, j) => j)
  for (;;) {
    const fit = fitLogistic(
      rows.map((row) => active.map((j) => row[j]!)),
      labels,
      { l2, classWeight: 'balanced' },
    )
    const worst = fit.coefficients.reduce(
      (best, value, k) => (value < (fit.coefficients[best] ?? 0) ? k : best),
      0,
    )
    if ((fit.coefficients[worst] ?? 0) >= 0 || active.length === 1) {
      const coefficients = rows[0]!.map(() => 0)
      active.forEach((j, k) => {
        coefficients[j] = Math.max(0, fit.coefficients[k]!)
      })
      return { intercept: fit.intercept, coefficients }
    }
    active = active.filter((_, k) => k !== worst)
  }
}

export type TrainResult =
  | { trained: true; model: InMarketModel; holdout: Example[] }
  | { trained: false; reason: string; positives: number }

/**
 * Fits the in-market model: logistic regression (IRLS over ml-regression's least squares),
 * ridge-penalized, classes balanced, on 80 % of accounts; the other 20 % are the holdout. The
 * balancing (and the negative sampling) is undone on the intercept, so probabilities are the
 * real rate (King & Zeng's prior correction).
 */
export async function trainModel(ctx: Ctx, options: TrainOptions): Promise<TrainResult> {
  const { examples, snapshots, positives, negatives, positiveRate } = await trainingExamples(
    ctx,
    options,
  )
  const train = examples.filter((example) => !isHoldout(example.domain))
  const trainPositives = train.filter((example) => example.label === 1).length
  if (trainPositives < MIN_POSITIVES || train.length - trainPositives < MIN_POSITIVES) {
    return {
      trained: false,
      positives,
      reason: `Only ${positives} opportunities fall in usable label windows (${trainPositives} for training); at least ${MIN_POSITIVES} are needed, and as many accounts without one.`,
    }
  }
  const standardizer = fitStandardizer(train.map((example) => example.vector))
  const l2 = options.l2 ?? 1
  const fit = fitWithPositiveSigns(
    train.map((example) => standardize(example.vector, standardizer)),
    train.map((example) => example.label),
    l2,
  )
  const intercept = fit.intercept + Math.log(positiveRate / (1 - positiveRate))
  const holdout = examples.filter((example) => isHoldout(example.domain))
  const base: Omit<InMarketModel, 'id' | 'metrics'> = {
    kind: 'logistic',
    createdAt: new Date(ctx.clock.now()).toISOString(),
    features: [...FEATURES],
    standardizer,
    intercept,
    coefficients: fit.coefficients,
    horizonDays: options.horizonDays,
    l2,
    trainingWindow: {
      from: new Date(Math.min(...snapshots)).toISOString(),
      to: new Date(options.asOf).toISOString(),
    },
    snapshots: snapshots.length,
    samples: { positives, negatives },
  }
  const id = `m-${new Date(ctx.clock.now()).toISOString().slice(0, 10).replaceAll('-', '')}-${createHash('sha256').update(JSON.stringify(base)).digest('hex').slice(0, 8)}`
  const provisional = {
    ...base,
    id,
    metrics: { auc: null, logLoss: null, brier: null, calibration: [] },
  }
  const metrics = evaluate(provisional, holdout)
  const model: InMarketModel = {
    ...provisional,
    metrics: {
      auc: metrics.auc,
      logLoss: metrics.logLoss,
      brier: metrics.brier,
      calibration: metrics.calibration,
    },
  }
  return { trained: true, model, holdout }
}
