import {
  type AdditiveFit,
  DEFAULT_FIT_OPTIONS,
  type FitExample,
  type FitOptions,
  fitAdditive,
} from './additive-fit.ts'
import {
  applyRecalibration,
  type CandidateResult,
  crossValidate,
  recalibration,
  scorableOf,
  termSeparation,
} from './backtest.ts'
import { familyOf } from './feature-record.ts'
import type { InMarketModel } from './model.ts'
import { unit } from './snapshots.ts'

/** What training fits: the chosen model, the plain baseline, and how the choice was made. */
export interface FittedModels {
  fit: AdditiveFit
  /** The plain logistic regression fitted beside it, recalibrated the same way. */
  plain: AdditiveFit
  minSupport: number
  warnings: string[]
  selection: CandidateResult[]
}

const FOLDS = 4
/** Penalties tried on every weight, then on the levels' weights alone. */
const PENALTIES = [1, 10]
const LEVEL_PENALTIES = [0.3, 1, 3, 10]
/** Accounts a level needs to be learned on its own, tried when not configured. */
const SUPPORTS = [2, 5, 20]
const FORMS = ['linear', 'binned'] as const
/** A single term ranking the training examples this well alone is flagged as likely leakage. */
const LEAKAGE_AUC = 0.95

/**
 * The model and the plain baseline, both fitted on the training examples and recalibrated on
 * the training accounts' grid, with the trainer's warnings. Pure and plain data in and out, so
 * that it can run on a worker thread (seconds of arithmetic on a real book).
 * `configured` is the scoring configuration's `model.minSupport`, if set.
 */
export function fitModels(
  train: FitExample[],
  gridTrain: FitExample[],
  configured: number | undefined,
): FittedModels {
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
  return { fit, minSupport, plain: calibrated(plainFit), warnings, selection }
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
