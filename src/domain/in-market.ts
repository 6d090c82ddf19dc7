import { DAY_MS, type Stage } from '../vocabulary.ts'
import { readFileSync } from 'node:fs'
import { classifyPerson } from '../committee/view.ts'
import {
  accountFeatures,
  behaviourFeatures,
  type FeatureRecord,
  familyOf,
  firstTouchFeatures,
  mergeRecords,
  summarizeBehaviour,
} from '../scoring/feature-record.ts'
import { FEATURES, type FeatureFacts, featureFacts, featureVector } from '../scoring/features.ts'
import { type Fit, firmographicFit } from '../scoring/fit.ts'
import type { Lookalike } from '../scoring/lookalike.ts'
import { type InMarketModel, type InMarketScore, modelSchema, scoreWith } from '../scoring/model.ts'
import { type DealState, stageOf } from '../scoring/stage.ts'
import { shippedModelPath } from '../package-root.ts'
import type { Ctx } from './context.ts'
import { type AccountIntent, computeIntent, type KnownAccount } from './intent.ts'

const DEFAULT_MODEL_FILE = shippedModelPath('default.json')
/**
 * Module-level on purpose: the file shipped with the code, parsed once on first use and never
 * changed after; it depends on no store, configuration or context, so services may share it.
 */
let shippedDefault: InMarketModel | undefined

/** The model trained on the fixtures that ships with the service, used until one is trained here. */
export function defaultModel(): InMarketModel {
  shippedDefault ??= modelSchema.parse(JSON.parse(readFileSync(DEFAULT_MODEL_FILE, 'utf8')))
  return shippedDefault
}

/**
 * Parsed models by id, one table per service (`ctx.caches.models`, made by the composition
 * root): every look-up asks for the active model, and a stored model never changes.
 */
export type ModelCache = Map<string, InMarketModel>

export async function activeModel(ctx: Ctx): Promise<InMarketModel> {
  const stored = await ctx.store.models.active()
  if (!stored) return defaultModel()
  const parsed = ctx.caches.models
  let model = parsed.get(stored.id)
  if (!model) {
    model = modelSchema.parse(JSON.parse(stored.body))
    parsed.set(stored.id, model)
  }
  return model
}

export interface AccountSnapshot {
  accountId: number
  intent: AccountIntent
  facts: FeatureFacts
  record: FeatureRecord
  deal: DealState
  fit: Fit
}

export interface SnapshotOptions {
  /** Days of signals the behaviour features count; null: not needed (the model has none). */
  behaviourDays: number | null
  /** The active model's lookalike of won accounts, for the fit grade. */
  lookalike?: Lookalike | null
}

/** What a model needs read for its features. */
export function snapshotOptionsFor(model: InMarketModel): SnapshotOptions {
  const behaviour = model.terms.some((term) => familyOf(term.feature) === 'behaviour')
  return { behaviourDays: behaviour ? model.behaviourDays : null, lookalike: model.lookalike }
}

/** Everything the model sees about an account as of an instant, from data that existed then. */
export async function accountSnapshot(
  ctx: Ctx,
  domain: string,
  asOf: number,
  known?: KnownAccount,
  options: SnapshotOptions = { behaviourDays: null },
): Promise<AccountSnapshot> {
  const computed = await computeIntent(ctx, domain, asOf, known)
  const { windows, cells, account, accountId, intent, silent } = computed
  const behaviourDays = options.behaviourDays
  const [engaged, outcomes, facets, first] = await Promise.all([
    silent
      ? []
      : ctx.store.activity.engagedContacts(
          accountId,
          windows.recentFirstDay,
          windows.lastDay,
          asOf,
        ),
    ctx.store.outcomes.forAccountId(accountId, asOf),
    silent || behaviourDays === null
      ? []
      : ctx.store.activity.signalFacets(accountId, asOf - behaviourDays * DAY_MS, asOf),
    silent || behaviourDays === null
      ? { at: null, source: null, url: null }
      : ctx.store.activity.firstTouch(accountId, asOf),
  ])
  const fit = firmographicFit(account, ctx.scoring, options.lookalike)
  const input = {
    asOf,
    windows,
    cells,
    topics: intent.topics,
    summary: intent.intent,
    lastSignalAt: intent.intent.lastSignalAt,
    engaged: engaged.map((person) =>
      classifyPerson({ id: 0, email: '', name: null, ...person }, ctx.scoring.committee.rules),
    ),
    fit,
    requiredRoles: ctx.scoring.committee.requiredRoles,
  }
  const facts = featureFacts(input)
  const vector = featureVector(input, facts, ctx.scoring)
  const intentRecord: FeatureRecord = {
    numeric: Object.fromEntries(FEATURES.map((name, j) => [name, vector[j]!])),
    levels: {},
  }
  const parts = [intentRecord, accountFeatures(account)]
  if (behaviourDays !== null)
    parts.push(
      behaviourFeatures(summarizeBehaviour(facets, behaviourDays)),
      firstTouchFeatures(first, asOf),
    )
  return {
    accountId,
    intent,
    facts,
    record: mergeRecords(...parts),
    deal: dealState(outcomes, asOf),
    fit,
  }
}

export function dealState(
  outcomes: { type: string; occurredAt: number }[],
  asOf: number,
): DealState {
  let open = false
  let wonAt = Number.NEGATIVE_INFINITY
  for (const outcome of outcomes) {
    if (outcome.occurredAt > asOf) continue
    if (outcome.type === 'opportunity') open = true
    else {
      open = false
      if (outcome.type === 'won') wonAt = outcome.occurredAt
    }
  }
  return { openOpportunity: open, recentlyWon: asOf - wonAt <= 30 * DAY_MS }
}

export interface AccountScore {
  inMarket: InMarketScore & { stage: Stage }
  fit: Fit
  snapshot: AccountSnapshot
}

export async function scoreAccount(
  ctx: Ctx,
  domain: string,
  asOf: number,
  model?: InMarketModel,
  known?: KnownAccount,
): Promise<AccountScore> {
  const scoring = model ?? (await activeModel(ctx))
  const snapshot = await accountSnapshot(ctx, domain, asOf, known, snapshotOptionsFor(scoring))
  const scored = scoreWith(scoring, snapshot.record, snapshot.facts)
  return {
    inMarket: { ...scored, stage: stageOf(snapshot.facts, snapshot.deal, scored.label) },
    fit: snapshot.fit,
    snapshot,
  }
}
