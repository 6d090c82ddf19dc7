import type { Account } from '../records.ts'
import { accountFeatures, familyOf } from '../scoring/feature-record.ts'
import { firmographicFit } from '../scoring/fit.ts'
import type { InMarketModel } from '../scoring/model.ts'
import type { Ctx } from './context.ts'

/**
 * What the score of a quiet account (no signal and no outcome by asOf) depends on, as a key:
 * accounts with equal keys get the same score, label, stage, reasons and stored document as
 * of the same instant under the same model, so a batch computes it once per key.
 *
 * Without activity every intent feature, the intent itself, the behaviour features and the
 * deal state are the same for every account; what is left is the fit (which the intent
 * features read too) and the account's values of the model's firmographic and attribute
 * terms, the only parts of the feature record `scoreWith` reads for them.
 */
export function quietScoreKey(ctx: Ctx, model: InMarketModel, account: Account): string {
  const fit = firmographicFit(account, ctx.scoring, model.lookalike)
  const features = accountTermFeatures(model)
  if (features.length === 0) return JSON.stringify(fit)
  const record = accountFeatures(account)
  // accountFeatures stores finite numbers and objects only, so null stands for "absent".
  const values = features.map((feature) => [
    record.numeric[feature] ?? null,
    record.levels[feature] ?? null,
    record.display?.[feature] ?? null,
  ])
  return JSON.stringify([fit, values])
}

function accountTermFeatures(model: InMarketModel): string[] {
  return model.terms
    .map((term) => term.feature)
    .filter((feature) => {
      const family = familyOf(feature)
      return family === 'firmographic' || family === 'attribute'
    })
}
