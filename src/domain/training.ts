import { createHash } from 'node:crypto'
import { backtest, bothClasses, type Scorable, scorableOf } from '../scoring/backtest.ts'
import { familyOf, type FeatureRecord } from '../scoring/feature-record.ts'
import { learnLookalike } from '../scoring/lookalike.ts'
import type { Backtest, InMarketModel } from '../scoring/model.ts'
import type { Ctx } from './context.ts'
import { fitOffThread } from './fit-off-thread.ts'
import { type Example, isHoldout, trainingExamples } from './training-examples.ts'

export { type Example, isHoldout } from './training-examples.ts'

export interface TrainOptions {
  /** Train on what was known by then; labels come from outcomes up to it. Default: now. */
  asOf: number
  horizonDays: number
  /** Overrides of `model` in the scoring configuration. */
  leadDays?: number
  everyDays?: number
  behaviourDays?: number
  /** Snapshots computed at most; quiet ones beyond it are sampled and weighted back. */
  maxExamples?: number
  /** Another draw of held-out accounts than the default (evaluation over several splits). */
  split?: string
  /** Learn a lookalike of the won accounts for the fit grade (default true; not for the shipped model). */
  lookalike?: boolean
}

/** Accounts with a won deal or an opportunity (and as many without) the training split needs. */
export const MIN_POSITIVES = 20

export type TrainResult =
  | { trained: true; model: InMarketModel; holdout: Example[] }
  | { trained: false; reason: string; positives: number }

/** Drops the features the configuration excludes (by name or by family). */
function withoutExcluded(record: FeatureRecord, excluded: ReadonlySet<string>): FeatureRecord {
  if (excluded.size === 0) return record
  const keep = (name: string) => !excluded.has(name) && !excluded.has(familyOf(name))
  return {
    numeric: Object.fromEntries(Object.entries(record.numeric).filter(([name]) => keep(name))),
    levels: Object.fromEntries(Object.entries(record.levels).filter(([name]) => keep(name))),
    display: record.display,
  }
}

/**
 * What the model is fitted on: the moments before outcomes (what a buying account looks like
 * just before) and the grid (every account as the service sees it day after day), each
 * weighing half, so the model ranks both the decisions and the days in between.
 */
function unionOf(design: Example[], grid: Example[]): Example[] {
  const total = (list: Example[]) => list.reduce((sum, e) => sum + e.weight, 0)
  const scale = total(design) / Math.max(total(grid), 1e-9)
  return [...design, ...grid.map((e) => ({ ...e, weight: e.weight * scale }))]
}

/** Positive and negative accounts among examples. */
function accountCounts(examples: Example[]) {
  const positive = new Set(examples.filter((e) => e.label === 1).map((e) => e.domain))
  const negative = new Set(examples.filter((e) => e.label === 0).map((e) => e.domain))
  return { positive: positive.size, negative: negative.size }
}

/** The training and held-out examples of both populations, without the excluded features. */
async function populations(ctx: Ctx, options: TrainOptions) {
  const settings = ctx.scoring.model
  const exampleOptions = {
    asOf: options.asOf,
    horizonDays: options.horizonDays,
    leadDays: options.leadDays ?? settings.leadDays,
    everyDays: options.everyDays ?? settings.everyDays,
    behaviourDays: options.behaviourDays ?? settings.behaviourDays,
    maxExamples: options.maxExamples ?? 60_000,
    split: options.split,
  }
  const gathered = await trainingExamples(ctx, exampleOptions)
  const excluded = new Set(settings.excludeFeatures)
  const clean = (list: Example[]) =>
    list.map((example) => ({ ...example, record: withoutExcluded(example.record, excluded) }))
  const decisions = clean(gathered.examples)
  const grid = clean(gathered.grid)
  const held = (example: Example) => isHoldout(example.domain, options.split)
  return {
    exampleOptions,
    outcomes: gathered.outcomes,
    accounts: gathered.accounts,
    decisions,
    train: unionOf(
      decisions.filter((e) => !held(e)),
      grid.filter((e) => !held(e)),
    ),
    gridTrain: grid.filter((e) => !held(e)),
    holdout: decisions.filter(held),
    gridHoldout: grid.filter(held),
  }
}

/**
 * The backtest a user reads: the held-out accounts every few days, as the service would have
 * scored them (when those dates carry no outcome yet, the moments before each outcome), and
 * the decisions, each beside the baseline.
 */
function metricsOf(
  model: Scorable,
  baseline: Scorable,
  holdout: Example[],
  gridHoldout: Example[],
) {
  const onGrid = bothClasses(gridHoldout)
  const shown = onGrid ? gridHoldout : holdout
  return {
    held: shown,
    metrics: {
      ...backtest(model, shown),
      population: onGrid ? ('grid' as const) : ('decisions' as const),
      rows: shown.length,
      accounts: new Set(shown.map((e) => e.domain)).size,
      positives: accountCounts(shown).positive,
      baseline: bothClasses(shown) ? backtest(baseline, shown) : null,
      decisions: bothClasses(holdout)
        ? {
            ...backtest(model, holdout),
            rows: holdout.length,
            positives: accountCounts(holdout).positive,
            baseline: backtest(baseline, holdout),
          }
        : null,
    },
  }
}

/**
 * Fits the in-market model on 80 % of accounts and backtests it on the other 20 %, beside a
 * plain logistic regression fitted on the same examples. The form (linear or binned) and the
 * penalties are chosen by cross-validation on the training accounts only.
 */
export async function trainModel(ctx: Ctx, options: TrainOptions): Promise<TrainResult> {
  const data = await populations(ctx, options)
  const { train, outcomes } = data
  const counts = accountCounts(train)
  if (counts.positive < MIN_POSITIVES || counts.negative < MIN_POSITIVES) {
    return {
      trained: false,
      positives: outcomes.filter((o) => o.type !== 'lost').length,
      reason: `Only ${counts.positive} training accounts have a won deal or an opportunity after a usable snapshot (and ${counts.negative} have none or a lost one) — from ${outcomes.length} outcomes; at least ${MIN_POSITIVES} of each are needed.`,
    }
  }
  const { fit, minSupport, plain, warnings, selection } = await fitOffThread({
    train,
    gridTrain: data.gridTrain,
    minSupport: ctx.scoring.model.minSupport,
  })
  const scorable = scorableOf(fit)
  const baseline = scorableOf(plain)
  const { held, metrics } = metricsOf(scorable, baseline, data.holdout, data.gridHoldout)
  const won = new Set(outcomes.filter((o) => o.type === 'won').map((o) => o.domain))
  const lookalike =
    options.lookalike === false
      ? null
      : learnLookalike(
          data.accounts.map((entry) => ({
            domain: entry.account.domain,
            firmographics: entry.account,
          })),
          won,
        )
  const body: Omit<InMarketModel, 'id'> = {
    kind: 'additive',
    createdAt: new Date(ctx.clock.now()).toISOString(),
    form: fit.form,
    features: fit.terms.map((term) => term.feature),
    intercept: fit.intercept,
    base: scorable.base,
    terms: fit.terms,
    horizonDays: options.horizonDays,
    leadDays: data.exampleOptions.leadDays,
    behaviourDays: data.exampleOptions.behaviourDays,
    l2: fit.l2,
    levelL2: fit.levelL2,
    minSupport,
    trainingWindow: {
      from: new Date(
        data.decisions.reduce((min, e) => Math.min(min, e.at), options.asOf),
      ).toISOString(),
      to: new Date(options.asOf).toISOString(),
    },
    snapshots: new Set(data.decisions.map((e) => e.at)).size,
    samples: {
      positives: train.filter((e) => e.label === 1).length,
      negatives: train.filter((e) => e.label === 0).length,
      positiveAccounts: counts.positive,
      negativeAccounts: counts.negative,
      outcomes: countTypes(outcomes),
    },
    metrics,
    lookalike,
    warnings,
    selection,
  }
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10).replaceAll('-', '')
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 8)
  return { trained: true, model: { id: `m-${day}-${hash}`, ...body }, holdout: held }
}

function countTypes(outcomes: { type: string }[]): Record<string, number> {
  const counts: Record<string, number> = { won: 0, lost: 0, opportunity: 0 }
  for (const outcome of outcomes) counts[outcome.type] = (counts[outcome.type] ?? 0) + 1
  return counts
}

/** A model's held-out figures on any examples (the active model's, on a new model's holdout). */
export function evaluate(model: InMarketModel, examples: Example[]): Backtest {
  return backtest(model, examples)
}
