import { Drop, eachItem, Pipeline, type Verdict } from '../ingest/pipeline.ts'
import { outcomeDedupeKey, outcomeIdentity } from '../ingest/steps/outcomes.ts'
import {
  type SignalDraft,
  signalDedupeKey,
  signalIdentity,
  signalTopic,
} from '../ingest/steps/signals.ts'
import type { OutcomeInput, SignalInput } from '../ingest/schemas.ts'
import type { OutcomeRecord, StoredBatch, StoredFate } from '../records.ts'
import type { Ctx } from './context.ts'
import { suppressionHashes } from './suppressions.ts'

/** What the steps of one batch share: made fresh for each batch, so no step keeps state. */
export interface IngestEnv {
  ctx: Ctx
  now: number
  /** One hash per identity: batches name the same few people thousands of times, all day. */
  hashes: Map<string, Buffer>
  /** Set by the write: signals stored without their topic (the account's topic limit). */
  topicless: StoredBatch['topicless']
}

export function ingestEnv(ctx: Ctx): IngestEnv {
  return { ctx, now: ctx.clock.now(), hashes: ctx.caches.identityHashes, topicless: [] }
}

const DROPPED: Record<Exclude<StoredFate, 'stored'>, Drop> = {
  duplicate: new Drop('duplicate'),
  suppressed: new Drop('suppressed'),
}

/** The write's answer per record as verdicts: stored ones go on, the rest are dropped. */
function verdictsOf<T>(items: readonly T[], fates: StoredFate[]): Verdict<T>[] {
  return items.map((item, i) => {
    const fate = fates[i]!
    return fate === 'stored' ? item : DROPPED[fate]
  })
}

/**
 * Suppression is decided in the write's transaction, where an erasure committed meanwhile is
 * seen: this step only computes the keyed hashes of the identities an item names.
 */
function suppressSignal(draft: SignalDraft, env: IngestEnv): SignalDraft {
  const { contact, account } = draft.record
  draft.record.suppression = suppressionHashes(
    env.ctx,
    { contact, accounts: [account] },
    env.hashes,
  )
  return draft
}

function suppressOutcome(record: OutcomeRecord, env: IngestEnv): OutcomeRecord {
  record.suppression = suppressionHashes(env.ctx, { accounts: [record.account] }, env.hashes)
  return record
}

/**
 * One store call, one transaction: the signals, their daily rollups and the accounts marked
 * dirty for the refresher are written together, or not at all.
 */
async function persistSignals(drafts: readonly SignalDraft[], env: IngestEnv) {
  const records = drafts.map((draft) => draft.record)
  const batch = await env.ctx.store.signals.ingest(records, env.now)
  env.topicless = batch.topicless
  return verdictsOf(drafts, batch.fates)
}

async function persistOutcomes(records: readonly OutcomeRecord[], env: IngestEnv) {
  const batch = await env.ctx.store.outcomes.ingest([...records], env.now)
  return verdictsOf(records, batch.fates)
}

/** Signals after validation: identity → topic → suppress → dedupe → persist (+ rollups, dirty). */
export const signalSteps = Pipeline.start<IngestEnv, SignalInput>()
  .step('identity', eachItem(signalIdentity))
  .step('topic', eachItem(signalTopic))
  .step('suppress', eachItem(suppressSignal))
  .step('dedupe', eachItem(signalDedupeKey))
  .step('persist', persistSignals)

/** Outcomes after validation: identity → suppress → dedupe → persist (+ dirty). */
export const outcomeSteps = Pipeline.start<IngestEnv, OutcomeInput>()
  .step('identity', eachItem(outcomeIdentity))
  .step('suppress', eachItem(suppressOutcome))
  .step('dedupe', eachItem(outcomeDedupeKey))
  .step('persist', persistOutcomes)
