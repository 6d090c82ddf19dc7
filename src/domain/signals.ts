import { topicKey, topicLabel } from '../ingest/identity.ts'
import type { OutcomeInput, SignalInput } from '../ingest/schemas.ts'
import type { Ctx } from './context.ts'
import { dedupeKey } from './dedupe.ts'
import { suppressionHashes } from './suppressions.ts'
import type {
  IngestResult,
  IngestWarning,
  OutcomeRecord,
  SignalRecord,
  StoredBatch,
} from '../records.ts'

/**
 * Without a client id, the id is a hash of the normalized content: an exact replay is a
 * duplicate. The hash covers the topic as sent, never one derived from the taxonomy, so that a
 * replay after the taxonomy changed is still a duplicate.
 */
export function toSignalRecord(input: SignalInput): SignalRecord {
  const label = input.topic ?? input.derivedTopic
  const topic = label === undefined ? null : { key: topicKey(label), label: topicLabel(label) }
  const topicSource =
    input.topic !== undefined ? 'sent' : input.derivedTopic !== undefined ? 'derived' : null
  const record: Omit<SignalRecord, 'dedupeKey'> = {
    suppression: [],
    externalId: input.id ?? null,
    type: input.type,
    account: input.account ?? null,
    contact: input.contact ?? null,
    topic,
    topicSource,
    action: input.action ?? null,
    occurredAt: input.occurredAt,
    weight: input.weight ?? null,
    durationSeconds: input.durationSeconds ?? null,
    source: input.source ?? null,
    url: input.url ?? null,
    title: input.title ?? null,
    query: input.query ?? null,
  }
  const content = [
    record.type,
    record.account,
    record.contact?.email ?? null,
    topicSource === 'sent' ? topic!.key : null,
    record.action,
    record.occurredAt,
    record.weight,
    record.durationSeconds,
    record.source,
    record.url,
    // Only when given, so that signals without them keep the keys they always had.
    ...(record.title !== null || record.query !== null ? [record.title, record.query] : []),
  ]
  return { ...record, dedupeKey: dedupeKey(record.externalId, content, record.occurredAt) }
}

export function toOutcomeRecord(input: OutcomeInput): OutcomeRecord {
  const record: Omit<OutcomeRecord, 'dedupeKey'> = {
    suppression: [],
    externalId: input.id ?? null,
    account: input.account,
    type: input.type,
    occurredAt: input.occurredAt,
    amount: input.amount ?? null,
  }
  const content = [record.account, record.type, record.occurredAt, record.amount]
  return { ...record, dedupeKey: dedupeKey(record.externalId, content, record.occurredAt) }
}

/** Signals naming an erased person or account are dropped in the write, and counted. */
export async function ingestSignals(ctx: Ctx, inputs: SignalInput[]): Promise<IngestResult> {
  const memo = new Map<string, Buffer>()
  const records = inputs.map((input) => ({
    ...toSignalRecord(input),
    suppression: suppressionHashes(
      ctx,
      { contact: input.contact, accounts: [input.account] },
      memo,
    ),
  }))
  return answerOf(ctx, await ctx.store.signals.ingest(records, ctx.clock.now()))
}

export async function ingestOutcomes(ctx: Ctx, inputs: OutcomeInput[]): Promise<IngestResult> {
  const memo = new Map<string, Buffer>()
  const records = inputs.map((input) => ({
    ...toOutcomeRecord(input),
    suppression: suppressionHashes(ctx, { accounts: [input.account] }, memo),
  }))
  return answerOf(ctx, await ctx.store.outcomes.ingest(records, ctx.clock.now()))
}

/**
 * The answer to a batch. `suppressed` and `warnings` are added only when they say something,
 * so the usual answer is what it always was.
 */
function answerOf(ctx: Ctx, batch: StoredBatch): IngestResult {
  const warnings = batch.topicless.map(({ domain, signals }) => topicWarning(ctx, domain, signals))
  return {
    accepted: batch.accepted,
    duplicates: batch.duplicates,
    ...(batch.suppressed > 0 && { suppressed: batch.suppressed }),
    ...(warnings.length > 0 && { warnings }),
  }
}

/** The warning for signals an account's topic limit stored without their topic. */
export function topicWarning(ctx: Ctx, domain: string, signals: number): IngestWarning {
  const { maxTopicsPerWindow: limit, recentDays: days } = ctx.scoring
  return {
    code: 'topics_capped',
    account: domain,
    signals,
    message:
      `${domain} already has ${limit} distinct topics in a ${days}-day window: ${signals} ` +
      `signal${signals === 1 ? ' was' : 's were'} stored without ${signals === 1 ? 'its topic' : 'their topics'} ` +
      '(they count as activity, not as topics).',
  }
}
