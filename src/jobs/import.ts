import { createReadStream, createWriteStream, statSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { z } from 'zod'
import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { ingestOutcomes, ingestSignals } from '../domain/signals.ts'
import { taxonomyTopic } from '../domain/taxonomy.ts'
import { unlessSuppressed } from '../domain/suppressions.ts'
import { domainField, emailField } from '../ingest/fields.ts'
import { jsonShapeIssues } from '../ingest/json-shape.ts'
import {
  accountBodySchema,
  contactBodySchema,
  createIngestSchemas,
  type OutcomeInput,
  type SignalInput,
} from '../ingest/schemas.ts'
import { csvRowToInput, type Entity, headerProblems } from './rows.ts'

export class BadFileError extends Error {
  override name = 'BadFileError'
}

export interface ImportSummary {
  rows: number
  imported: number
  duplicates: number
  rejected: number
  /** Rows naming an erased (suppressed) person or account: dropped, not rejected. */
  suppressed: number
  /** Signals stored without their topic: their account is at its topic limit. */
  topicless: number
  seconds: number
}

export interface ImportOptions {
  entity: Entity
  /** A path, or '-' for standard input. */
  file: string
  format: 'csv' | 'ndjson'
  rejectsPath: string
  onProgress?: (progress: {
    rows: number
    bytes: number
    totalBytes: number | null
    summary: ImportSummary
  }) => void
}

interface Row {
  line: number
  value: unknown
  /** What a rejects line shows of the row when `value` cannot be: the raw text or CSV cells. */
  echo: unknown
  /** Set when the line could not even be parsed. */
  parseError?: string
}

/** A rejects line shows this much of a row it cannot echo as JSON. */
const ECHO_CHARS = 500

const BATCH = 5000

async function* ndjsonRows(input: Readable): AsyncGenerator<Row> {
  let line = 0
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1
    if (text.trim() === '') continue
    const echo = text.slice(0, ECHO_CHARS)
    try {
      yield { line, value: JSON.parse(text), echo }
    } catch {
      yield { line, value: echo, echo, parseError: 'is not valid JSON' }
    }
  }
}

async function* csvRows(input: Readable, entity: Entity): AsyncGenerator<Row> {
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => checkHeader(entity, header),
      info: true,
      skip_empty_lines: true,
      bom: true,
      relax_column_count: true,
    }),
  )
  for await (const record of parser as AsyncIterable<{
    record: Record<string, string>
    info: { lines: number }
  }>) {
    yield { line: record.info.lines, value: csvRowToInput(record.record), echo: record.record }
  }
}

function checkHeader(entity: Entity, header: string[]): string[] {
  const columns = header.map((column) => column.trim())
  const problems = headerProblems(entity, columns)
  if (problems.length > 0)
    throw new BadFileError(`The CSV header does not fit ${entity}: ${problems.join('; ')}.`)
  return columns
}

/** One schema per entity for a whole row, the key included, with the API's field rules. */
function rowSchemas(ctx: Ctx) {
  const ingest = createIngestSchemas(ctx.clock, taxonomyTopic(ctx))
  return {
    accounts: accountBodySchema.extend({ domain: domainField }),
    contacts: contactBodySchema.extend({ email: emailField }),
    signals: ingest.signal,
    outcomes: ingest.outcome,
  }
}

const dotted = (path: PropertyKey[]) => path.map(String).join('.')

function issuesOf(error: z.ZodError) {
  return error.issues.flatMap((issue) => {
    const path = dotted(issue.path)
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: key, message: 'is not a known field' }))
    return [{ path, message: issue.message }]
  })
}

/**
 * Streams a CSV or NDJSON file into the database through the same validation and verbs as the
 * API, in batches, in constant memory. Invalid rows go to the rejects file (one JSON line
 * each: line number, every issue, the row) and the good rows are kept. Idempotent: signals
 * and outcomes are deduplicated, accounts and contacts are upserts.
 */
export async function importFile(ctx: Ctx, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now()
  let input: Readable
  let totalBytes: number | null = null
  if (options.file === '-') {
    input = process.stdin
  } else {
    try {
      totalBytes = statSync(options.file).size
    } catch {
      throw new BadFileError(`Cannot read ${options.file}: no such file.`)
    }
    if (totalBytes === 0) throw new BadFileError(`${options.file} is empty: nothing to import.`)
    input = createReadStream(options.file)
  }
  let bytes = 0
  input.on('data', (chunk: Buffer | string) => {
    bytes += chunk.length
  })
  const rejects = createWriteStream(options.rejectsPath)
  // One taxonomy for the whole file: rows are validated with the one stored when it starts.
  await ctx.taxonomy.refresh()
  const schema = rowSchemas(ctx)[options.entity]
  const summary: ImportSummary = {
    rows: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    suppressed: 0,
    topicless: 0,
    seconds: 0,
  }
  let batch: unknown[] = []

  const flush = async () => {
    if (batch.length === 0) return
    const result =
      options.entity === 'signals'
        ? await ingestSignals(ctx, batch as SignalInput[])
        : await ingestOutcomes(ctx, batch as OutcomeInput[])
    summary.imported += result.accepted
    summary.duplicates += result.duplicates
    summary.suppressed += result.suppressed ?? 0
    for (const warning of result.warnings ?? []) summary.topicless += warning.signals
    batch = []
  }
  const reject = async (
    row: Row,
    issues: { path: string; message: string }[],
    echo: unknown = row.value,
  ) => {
    summary.rejected += 1
    if (!rejects.write(`${JSON.stringify({ line: row.line, issues, row: echo })}\n`)) {
      await new Promise<void>((resolve) => rejects.once('drain', () => resolve()))
    }
  }

  try {
    const rows = options.format === 'csv' ? csvRows(input, options.entity) : ndjsonRows(input)
    for await (const row of rows) {
      summary.rows += 1
      // A row too deep (or not valid Unicode) is refused before anything recursive sees it,
      // and echoed as its raw text: JSON.stringify would overflow on it.
      const shape = row.parseError ? [] : jsonShapeIssues(row.value)
      if (row.parseError) {
        await reject(row, [{ path: '', message: row.parseError }])
      } else if (shape.length > 0) {
        const issues = shape.map((issue) => ({ path: dotted(issue.path), message: issue.message }))
        await reject(row, issues, row.echo)
      } else {
        const parsed = schema.safeParse(row.value)
        if (!parsed.success) await reject(row, issuesOf(parsed.error))
        else await accept(ctx, options.entity, parsed.data, batch, summary)
      }
      if (batch.length >= BATCH) await flush()
      if (summary.rows % 1000 === 0)
        options.onProgress?.({ rows: summary.rows, bytes, totalBytes, summary })
    }
    await flush()
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_')) {
      throw new BadFileError(`The CSV is malformed: ${error.message}`)
    }
    throw error
  } finally {
    await new Promise<void>((resolve) => rejects.end(() => resolve()))
  }
  if (summary.rows === 0) throw new BadFileError('The file holds no rows: nothing to import.')
  summary.seconds = (performance.now() - started) / 1000
  options.onProgress?.({ rows: summary.rows, bytes, totalBytes, summary })
  return summary
}

async function accept(
  ctx: Ctx,
  entity: Entity,
  data: unknown,
  batch: unknown[],
  summary: ImportSummary,
): Promise<void> {
  if (entity === 'signals' || entity === 'outcomes') {
    batch.push(data)
    return
  }
  const stored = await unlessSuppressed(async () => {
    if (entity === 'accounts') {
      const { domain, ...fields } = data as { domain: string } & Parameters<typeof putAccount>[2]
      await putAccount(ctx, domain, fields)
    } else {
      const { email, ...fields } = data as {
        email: Parameters<typeof putContact>[1]
      } & Parameters<typeof putContact>[2]
      await putContact(ctx, email, fields)
    }
  })
  if (stored) summary.imported += 1
  else summary.suppressed += 1
}
