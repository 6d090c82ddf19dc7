import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../errors.ts'
import { type InMarketModel, modelSchema } from '../scoring/model.ts'
import type { Ctx } from './context.ts'
import { activeModel, defaultModel } from './in-market.ts'
import { evaluate, type TrainOptions, trainModel } from './training.ts'

export interface ModelSummary {
  model: InMarketModel
  active: boolean
  /** The model shipped with the service, trained on the fixtures. */
  shipped: boolean
}

export async function listModels(ctx: Ctx): Promise<ModelSummary[]> {
  const active = await activeModel(ctx)
  const stored = (await ctx.store.models.list()).map((row) =>
    modelSchema.parse(JSON.parse(row.body)),
  )
  const shipped = defaultModel()
  return [...stored.filter((model) => model.id !== shipped.id), shipped].map((model) => ({
    model,
    active: model.id === active.id,
    shipped: model.id === shipped.id,
  }))
}

export async function findModel(ctx: Ctx, id: string): Promise<ModelSummary> {
  const found = (await listModels(ctx)).find((summary) => summary.model.id === id)
  if (!found) throw new AppError('not_found', `The model '${id}' was not found.`)
  return found
}

/** Makes a model the one that scores; the shipped default's id returns to it. */
export async function activateModel(ctx: Ctx, id: string): Promise<ModelSummary> {
  if (id === defaultModel().id) {
    await ctx.store.models.deactivateAll()
  } else if (!(await ctx.store.models.activate(id))) {
    throw new AppError('not_found', `The model '${id}' was not found.`)
  }
  // Every stored score now comes from another model: rescore everything.
  await ctx.store.scores.markAllDirty(ctx.clock.now())
  return (await listModels(ctx)).find((summary) => summary.model.id === id)!
}

export type TrainOutcome =
  | { trained: false; activated: false; reason: string; activeModel: string }
  | {
      trained: true
      activated: boolean
      reason: string
      model: InMarketModel
      comparedWith: { id: string; auc: number | null }
    }

/** Also keep each trained model as a versioned JSON file; the database copy is the one used. */
function writeModelFile(ctx: Ctx, model: InMarketModel): void {
  try {
    mkdirSync(ctx.config.MODELS_DIR, { recursive: true })
    writeFileSync(
      join(ctx.config.MODELS_DIR, `${model.id}.json`),
      `${JSON.stringify(model, null, 2)}\n`,
    )
  } catch (error) {
    ctx.logger.warn(
      { err: error, modelsDir: ctx.config.MODELS_DIR },
      'could not write the model file; it is stored in the database',
    )
  }
}

/** The new model's holdout AUC may trail the active one's on the same rows by this much. */
const AUC_TOLERANCE = 0.005

/**
 * Trains on the outcomes in the database and activates the result unless it is worse than
 * the active model, judged on the new model's own holdout so both face the same accounts.
 */
export async function trainAndActivate(
  ctx: Ctx,
  options: TrainOptions & { force?: boolean; activate?: boolean },
): Promise<TrainOutcome> {
  const current = await activeModel(ctx)
  const result = await trainModel(ctx, options)
  if (!result.trained) {
    return {
      trained: false,
      activated: false,
      reason: `${result.reason} The active model (${current.id}) stays.`,
      activeModel: current.id,
    }
  }
  const { model, holdout } = result
  await ctx.store.models.save(model.id, JSON.stringify(model), ctx.clock.now())
  writeModelFile(ctx, model)
  const incumbent = evaluate(current, holdout).auc
  const comparedWith = { id: current.id, auc: incumbent }
  const better =
    incumbent === null ||
    model.metrics.auc === null ||
    model.metrics.auc >= incumbent - AUC_TOLERANCE
  if (options.activate === false) {
    return {
      trained: true,
      activated: false,
      reason: 'Saved without activating, as asked.',
      model,
      comparedWith,
    }
  }
  if (!better && !options.force) {
    return {
      trained: true,
      activated: false,
      reason: `Holdout AUC ${model.metrics.auc?.toFixed(3)} is below the active model's ${incumbent?.toFixed(3)} on the same accounts; saved, not activated (force to override).`,
      model,
      comparedWith,
    }
  }
  await ctx.store.models.activate(model.id)
  await ctx.store.scores.markAllDirty(ctx.clock.now())
  return {
    trained: true,
    activated: true,
    reason: better ? 'Not worse than the active model on the same holdout.' : 'Activated by force.',
    model,
    comparedWith,
  }
}
