import type { z } from 'zod'
import { Pipeline, type RejectPolicy, type RunResult } from '../ingest/pipeline.ts'
import type { OutcomeInput, SignalInput } from '../ingest/schemas.ts'
import { validateWith } from '../ingest/steps/validate.ts'
import type { IngestResult, IngestWarning } from '../records.ts'
import type { Ctx } from './context.ts'
import { type IngestEnv, ingestEnv, outcomeSteps, signalSteps } from './ingest-pipelines.ts'

/** A batch's run: the public answer, the items refused, and the steps' timings and drops. */
export interface IngestRun extends Omit<RunResult<unknown>, 'passed'> {
  answer: IngestResult
}

/** Where a batch comes from: validated at the edge, or raw and validated by the first step. */
export type IngestBatch<Input> =
  | { validated: readonly Input[] }
  | { raw: readonly unknown[]; schema: z.ZodType<Input>; rejects: RejectPolicy }

async function run<Input>(
  ctx: Ctx,
  steps: Pipeline<IngestEnv, Input, unknown>,
  batch: IngestBatch<Input>,
): Promise<IngestRun> {
  const env = ingestEnv(ctx)
  const { passed, ...report } =
    'validated' in batch
      ? await steps.run(batch.validated, env, 'batch')
      : await Pipeline.start<IngestEnv, unknown>()
          .step('validate', validateWith<z.ZodType<Input>, IngestEnv>(batch.schema))
          .followedBy(steps)
          .run(batch.raw, env, batch.rejects)
  return { ...report, answer: answerOf(ctx, passed.length, report.drops, env) }
}

/** Every caller's one way in for signals: the API, Segment, `intent import`, the fixtures. */
export async function runSignals(ctx: Ctx, batch: IngestBatch<SignalInput>): Promise<IngestRun> {
  const result = await run(ctx, signalSteps, batch)
  const { accepted, duplicates } = result.answer
  const sent = 'validated' in batch ? batch.validated.length : batch.raw.length
  ctx.metrics.signalsAccepted.inc(accepted)
  ctx.metrics.signalsDuplicate.inc(duplicates)
  // The rest were refused: invalid (a refused batch refuses all of it) or naming an erased identity.
  ctx.metrics.signalsRejected.inc(sent - accepted - duplicates)
  return result
}

export function runOutcomes(ctx: Ctx, batch: IngestBatch<OutcomeInput>): Promise<IngestRun> {
  return run(ctx, outcomeSteps, batch)
}

/** Signals an edge validated. Signals naming an erased person or account are dropped, and counted. */
export async function ingestSignals(ctx: Ctx, inputs: SignalInput[]): Promise<IngestResult> {
  return (await runSignals(ctx, { validated: inputs })).answer
}

export async function ingestOutcomes(ctx: Ctx, inputs: OutcomeInput[]): Promise<IngestResult> {
  return (await runOutcomes(ctx, { validated: inputs })).answer
}

/**
 * The answer to a batch. `suppressed` and `warnings` are added only when they say something,
 * so the usual answer is what it always was.
 */
function answerOf(
  ctx: Ctx,
  accepted: number,
  drops: Record<string, number>,
  env: IngestEnv,
): IngestResult {
  const warnings = env.topicless.map(({ domain, signals }) => topicWarning(ctx, domain, signals))
  const suppressed = drops.suppressed ?? 0
  return {
    accepted,
    duplicates: drops.duplicate ?? 0,
    ...(suppressed > 0 && { suppressed }),
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
