import { createHash } from 'node:crypto'
import {
  type AdditiveFit,
  DEFAULT_FIT_OPTIONS,
  type FitExample,
  type FitOptions,
  fitAdditive,
} from '../scoring/additive-fit.ts'
import {
  applyRecalibration,
  backtest,
  bothClasses,
  type CandidateResult,
  crossValidate,
  recalibration,
  type Scorable,
  scorableOf,
  termSeparation,
} from '../scoring/backtest.ts'
import { familyOf, type FeatureRecord } from '../scoring/feature-record.ts'
import { learnLookalike } from '../scoring/lookalike.ts'
import type { Backtest, InMarketModel } from '../scoring/model.ts'
import type { Ctx } from './context.ts'
import { unit } from '../scoring/snapshots.ts'
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

const FOLDS = 4
/** Penalties tried on every weight, then on the levels' weights alone. */
const PENALTIES = [1, 10]
const LEVEL_PENALTIES = [0.3, 1, 3, 10]
/** Accounts a level needs to be learned on its own, tried when not configured. */
const SUPPORTS = [2, 5, 20]
const FORMS = ['linear', 'binned'] as const
/** A single term ranking the training examples this well alone is flagged as likely leakage. */
const LEAKAGE_AUC = 0.95

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
 * The model and the plain baseline, both fitted on the training examples and recalibrated on
 * the training accounts' grid, with the trainer's warnings.
 */
function fitModels(ctx: Ctx, train: Example[], gridTrain: Example[]) {
  const configured = ctx.scoring.model.minSupport
  const base = { ...DEFAULT_FIT_OPTIONS, minSupport: configured ?? DEFAULT_FIT_OPTIONS.minSupport }
  const { best, selection } = selectCandidate(train, {
    ...base,
    configuredSupport: configured !== undefined,
  })
  const { form, l2, levelL2, minSupport } = best
  const designFit = fitAdditive(train, { ...base, form, l2, levelL2, minSupport })
  const plainFit = fitAdditive(train, { ...base, form: 'plain', l2: 1 })
  const warnings = leakageWarnings(designFit.terms, train)
  if (!designFit.converged)
    warnings.push('The fit did not fully converge; its figures are still held-out ones.')
  const calibrated = (candidate: AdditiveFit) => {
    const r = recalibration(scorableOf(candidate), gridTrain)
    return r ? applyRecalibration(candidate, r) : candidate
  }
  const fit = calibrated(designFit)
  if (fit === designFit)
    warnings.push(
      'Not recalibrated: the training accounts have no scored dates with both outcomes yet; probabilities are those of the moments before outcomes.',
    )
  return { fit, minSupport, baseline: scorableOf(calibrated(plainFit)), warnings, selection }
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
  const { fit, minSupport, baseline, warnings, selection } = fitModels(ctx, train, data.gridTrain)
  const scorable = scorableOf(fit)
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

/**
 * Chooses the form and its hyper-parameters by cross-validated log loss on the training
 * accounts, one coordinate at a time: form and penalty, then the levels' own penalty, then
 * the support a level needs (unless configured). A fraction of the fits of a full grid.
 */
function selectCandidate(
  train: FitExample[],
  base: Omit<FitOptions, 'form' | 'l2'> & { configuredSupport: boolean },
) {
  const { configuredSupport, ...shared } = base
  const foldOf = (domain: string) => Math.floor(unit(`fold:${domain}`) * FOLDS)
  const run = (candidates: FitOptions[]) => crossValidate(train, candidates, foldOf, FOLDS)
  const first = run(
    FORMS.flatMap((form) => PENALTIES.map((l2) => ({ ...shared, form, l2, levelL2: l2 }))),
  )
  let best = chooseCandidate(first)
  const levels = run(
    LEVEL_PENALTIES.filter((levelL2) => levelL2 !== best.l2).map((levelL2) => ({
      ...shared,
      form: best.form,
      l2: best.l2,
      levelL2,
    })),
  )
  best = chooseCandidate([best, ...levels])
  const supports = configuredSupport
    ? []
    : run(
        SUPPORTS.filter((support) => support !== shared.minSupport).map((minSupport) => ({
          ...shared,
          form: best.form,
          l2: best.l2,
          levelL2: best.levelL2,
          minSupport,
        })),
      )
  best = chooseCandidate([best, ...supports])
  return { best, selection: [...first, ...levels, ...supports] }
}

/** Lowest cross-validated log loss; a near tie goes to the simpler form and the stronger penalty. */
function chooseCandidate(results: CandidateResult[]): CandidateResult {
  const best = Math.min(...results.map((r) => r.logLoss))
  const close = results.filter((r) => r.logLoss <= best + 1e-4)
  return close.sort(
    (a, b) => Number(a.form !== 'linear') - Number(b.form !== 'linear') || b.l2 - a.l2,
  )[0]!
}

/**
 * Signals are read as of each snapshot, so they cannot leak; attributes and firmographics are
 * read as they are now, and a field the CRM fills in after the outcome would.
 */
function leakageWarnings(terms: InMarketModel['terms'], train: FitExample[]): string[] {
  const warnings: string[] = []
  const timeless = terms.filter((term) =>
    ['attribute', 'firmographic'].includes(familyOf(term.feature)),
  )
  for (const [feature, auc] of termSeparation(timeless, train)) {
    if (auc >= LEAKAGE_AUC)
      warnings.push(
        `${feature} alone separates the outcomes almost perfectly (AUC ${auc.toFixed(3)}): if it is filled in after the outcome (a deal stage, a status), exclude it with model.excludeFeatures in SCORING_CONFIG.`,
      )
  }
  return warnings
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
