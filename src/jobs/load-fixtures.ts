import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { type IngestRun, runOutcomes, runSignals } from '../domain/signals.ts'
import { taxonomyTopic } from '../domain/taxonomy.ts'
import { domainField, emailField } from '../ingest/fields.ts'
import { accountBodySchema, contactBodySchema, createIngestSchemas } from '../ingest/schemas.ts'
import {
  type FixtureOptionsInput,
  generateAccounts,
  generateContacts,
  generateOutcomes,
  generateSignals,
} from '../demo/generate.ts'

export interface LoadCounts {
  accounts: number
  contacts: number
  signals: number
  outcomes: number
}

const BATCH = 5000

/**
 * Loads generated fixtures through the same schemas and verbs as the API, streaming: at most
 * one batch is in memory. Used by the demo, the evaluations and the benchmarks.
 */
export async function loadFixtures(
  ctx: Ctx,
  options: FixtureOptionsInput = {},
  onProgress: (counts: LoadCounts) => void = () => {},
): Promise<LoadCounts> {
  const counts: LoadCounts = { accounts: 0, contacts: 0, signals: 0, outcomes: 0 }
  await ctx.taxonomy.refresh()
  const schemas = createIngestSchemas(ctx.clock, taxonomyTopic(ctx))

  for (const { domain, ...fields } of generateAccounts(options)) {
    await putAccount(ctx, domainField.parse(domain), accountBodySchema.parse(fields))
    counts.accounts += 1
  }
  for (const { email, ...fields } of generateContacts(options)) {
    await putContact(ctx, emailField.parse(email), contactBodySchema.parse(fields))
    counts.contacts += 1
  }
  onProgress(counts)

  let batch: unknown[] = []
  const flushSignals = async () => {
    const run = await runSignals(ctx, { raw: batch, schema: schemas.signal, rejects: 'batch' })
    counts.signals += accepted(run, 'signal')
    batch = []
    onProgress(counts)
  }
  for (const signal of generateSignals(options)) {
    batch.push(signal)
    if (batch.length === BATCH) await flushSignals()
  }
  if (batch.length > 0) await flushSignals()

  const outcomes = [...generateOutcomes(options)]
  for (let i = 0; i < outcomes.length; i += BATCH) {
    const raw = outcomes.slice(i, i + BATCH)
    const run = await runOutcomes(ctx, { raw, schema: schemas.outcome, rejects: 'batch' })
    counts.outcomes += accepted(run, 'outcome')
  }
  onProgress(counts)
  return counts
}

/** Generated fixtures are valid by construction: one that is not is a bug in the generator. */
function accepted(run: IngestRun, noun: string): number {
  const [first] = run.rejected
  if (first === undefined) return run.answer.accepted
  const issue = first.issues[0]
  throw new Error(
    `generated ${noun} ${first.index} is invalid: ${issue?.path.join('.')} ${issue?.message}`,
  )
}
