import {
  closeSync,
  createReadStream,
  createWriteStream,
  fstatSync,
  openSync,
  rmSync,
} from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import { putAccount } from '../domain/accounts.ts'
import { putContact } from '../domain/contacts.ts'
import type { Ctx } from '../domain/context.ts'
import { runOutcomes, runSignals } from '../domain/signals.ts'
import { taxonomyTopic } from '../domain/taxonomy.ts'
import { unlessSuppressed } from '../domain/suppressions.ts'
import { domainField, emailField } from '../ingest/fields.ts'
import { jsonShapeIssues } from '../ingest/json-shape.ts'
import type { ItemIssue } from '../ingest/pipeline.ts'
import { accountBodySchema, contactBodySchema, createIngestSchemas } from '../ingest/schemas.ts'
import { COLUMNS, csvRowToInput, type Entity, headerProblems } from './rows.ts'

export class BadFileError extends Error {
  override name = 'BadFileError'
}

export interface ImportSummary {
  rows: number
  /** New rows: signals and outcomes stored, accounts and contacts created. */
  imported: number
  /** Accounts and contacts that existed and whose fields this file changed. */
  updated: number
  /** Rows already stored as they are: a rerun of the same file is all duplicates. */
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

async function* ndjsonRows(input: Readable, entity: Entity, name: string): AsyncGenerator<Row> {
  let line = 0
  let first = true
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1
    if (text.trim() === '') continue
    const echo = text.slice(0, ECHO_CHARS)
    try {
      yield { line, value: JSON.parse(text), echo }
    } catch {
      // Every line of a CSV would be rejected as "not valid JSON": say what it is instead.
      if (first && looksLikeCsvHeader(text, entity))
        throw new BadFileError(
          `${name} looks like CSV, not NDJSON (its first line is ${JSON.stringify(echo.slice(0, 60))}): pass --format csv`,
        )
      yield { line, value: echo, echo, parseError: 'is not valid JSON' }
    }
    first = false
  }
}

/** A first line that is not JSON but cells separated by commas, semicolons or tabs, or a column name. */
function looksLikeCsvHeader(text: string, entity: Entity): boolean {
  const line = text.replace(/^\uFEFF/, '').trim()
  if (line.startsWith('{') || line.startsWith('[')) return false
  return /[,;\t]/.test(line) || COLUMNS[entity].includes(line.replace(/^"|"$/g, ''))
}

async function* csvRows(input: Readable, entity: Entity, name: string): AsyncGenerator<Row> {
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => checkHeader(entity, header, name),
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

function checkHeader(entity: Entity, header: string[], name: string): string[] {
  const columns = header.map((column) => column.trim())
  if (columns[0]?.startsWith('{'))
    throw new BadFileError(
      `${name} looks like NDJSON, not CSV (its first line is a JSON object): pass --format ndjson`,
    )
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

type RowSchemas = ReturnType<typeof rowSchemas>

const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.')

type RowIssue = { path: string; message: string }

function issuesOf(issues: readonly ItemIssue[]): RowIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return (issue.keys ?? []).map((key) => ({ path: key, message: 'is not a known field' }))
    return [{ path: dotted(issue.path), message: issue.message }]
  })
}

/** A signal or outcome row of the batch: refused already (unreadable), or to be validated. */
interface PendingRow {
  row: Row
  issues: RowIssue[] | null
  echo: unknown
}

/** The batch's readable rows through the ingest runner, whose first step validates them. */
function ingestRows(ctx: Ctx, schemas: RowSchemas, entity: 'signals' | 'outcomes', raw: unknown[]) {
  return entity === 'signals'
    ? runSignals(ctx, { raw, schema: schemas.signals, rejects: 'item' })
    : runOutcomes(ctx, { raw, schema: schemas.outcomes, rejects: 'item' })
}

/**
 * Streams a CSV or NDJSON file into the database through the same validation and verbs as the
 * API, in batches, in constant memory. Invalid rows go to the rejects file (one JSON line
 * each: line number, every issue, the row) and the good rows are kept. Idempotent: signals
 * and outcomes are deduplicated, accounts and contacts are upserts.
 */
export async function importFile(ctx: Ctx, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now()
  // One taxonomy for the whole file: rows are validated with the one stored when it starts.
  // Read before the file is opened: the byte counter below sets the file flowing, and chunks
  // read while this waited (a database round trip) would pass by before the parser is attached.
  await ctx.taxonomy.refresh()
  const schemas = rowSchemas(ctx)
  const { input, totalBytes } = openInput(options.file)
  let bytes = 0
  input.on('data', (chunk: Buffer | string) => {
    bytes += chunk.length
  })
  const rejects = rejectsFile(options.rejectsPath)
  const summary: ImportSummary = {
    rows: 0,
    imported: 0,
    updated: 0,
    duplicates: 0,
    rejected: 0,
    suppressed: 0,
    topicless: 0,
    seconds: 0,
  }
  const { entity } = options
  let batch: PendingRow[] = []

  const reject = async (row: Row, issues: RowIssue[], echo: unknown = row.value) => {
    summary.rejected += 1
    await rejects.write(`${JSON.stringify({ line: row.line, issues, row: echo })}\n`)
  }
  // Rejects are written in the file's order: the unreadable rows' beside the invalid ones'.
  const flush = async () => {
    if (entity !== 'signals' && entity !== 'outcomes') return
    const readable = batch.filter((pending) => pending.issues === null)
    if (readable.length > 0) {
      const raw = readable.map((pending) => pending.row.value)
      const { answer, rejected } = await ingestRows(ctx, schemas, entity, raw)
      for (const { index, issues } of rejected) readable[index]!.issues = issuesOf(issues)
      summary.imported += answer.accepted
      summary.duplicates += answer.duplicates
      summary.suppressed += answer.suppressed ?? 0
      for (const warning of answer.warnings ?? []) summary.topicless += warning.signals
    }
    for (const { row, issues, echo } of batch) if (issues !== null) await reject(row, issues, echo)
    batch = []
  }

  try {
    const rows =
      options.format === 'csv'
        ? csvRows(input, options.entity, nameOf(options.file))
        : ndjsonRows(input, options.entity, nameOf(options.file))
    for await (const row of rows) {
      summary.rows += 1
      // A row too deep (or not valid Unicode) is refused before anything recursive sees it,
      // and echoed as its raw text: JSON.stringify would overflow on it.
      const shape = row.parseError ? [] : jsonShapeIssues(row.value)
      const unreadable: RowIssue[] | null = row.parseError
        ? [{ path: '', message: row.parseError }]
        : shape.length > 0
          ? shape.map((issue) => ({ path: dotted(issue.path), message: issue.message }))
          : null
      const echo = shape.length > 0 ? row.echo : row.value
      if (entity === 'signals' || entity === 'outcomes') {
        batch.push({ row, issues: unreadable, echo })
      } else if (unreadable !== null) {
        await reject(row, unreadable, echo)
      } else {
        const parsed = schemas[entity].safeParse(row.value)
        if (!parsed.success) await reject(row, issuesOf(parsed.error.issues))
        else await upsertRow(ctx, entity, parsed.data, summary)
      }
      if (batch.length >= BATCH) await flush()
      if (summary.rows % 1000 === 0)
        options.onProgress?.({ rows: summary.rows, bytes, totalBytes, summary })
    }
    await flush()
  } catch (error) {
    if (error instanceof CsvError) throw malformedCsv(error, nameOf(options.file))
    throw error
  } finally {
    await rejects.close()
  }
  if (summary.rows === 0) throw new BadFileError('The file holds no rows: nothing to import.')
  summary.seconds = (performance.now() - started) / 1000
  return summary
}

/** An account or contact row: an upsert, one at a time. */
async function upsertRow(
  ctx: Ctx,
  entity: 'accounts' | 'contacts',
  data: unknown,
  summary: ImportSummary,
): Promise<void> {
  let put: { created: boolean; changed: boolean } | undefined
  await unlessSuppressed(async () => {
    if (entity === 'accounts') {
      const { domain, ...fields } = data as { domain: string } & Parameters<typeof putAccount>[2]
      put = await putAccount(ctx, domain, fields)
    } else {
      const { email, ...fields } = data as {
        email: Parameters<typeof putContact>[1]
      } & Parameters<typeof putContact>[2]
      put = await putContact(ctx, email, fields)
    }
  })
  if (put === undefined) summary.suppressed += 1
  else if (put.created) summary.imported += 1
  else if (put.changed) summary.updated += 1
  else summary.duplicates += 1
}

/** A JSON line read as CSV fails on its first quote, before the header check sees it. */
function malformedCsv(error: CsvError, name: string): BadFileError {
  const json =
    Number(error.lines) <= 1 &&
    String(error.field ?? '')
      .trimStart()
      .startsWith('{')
  return new BadFileError(
    json
      ? `${name} looks like NDJSON, not CSV (its first line is a JSON object): pass --format ndjson`
      : `The CSV is malformed: ${error.message}`,
  )
}

const nameOf = (file: string) => (file === '-' ? 'standard input' : file)

/** The file (or stdin) to read, refusing at once what cannot be read or holds nothing. */
function openInput(file: string): { input: Readable; totalBytes: number | null } {
  if (file === '-') return { input: process.stdin, totalBytes: null }
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new BadFileError(`Cannot read ${file}: no such file.`)
    if (code === 'EACCES' || code === 'EPERM')
      throw new BadFileError(`Cannot read ${file}: permission denied.`)
    throw error
  }
  const stat = fstatSync(fd)
  const refuse = (message: string) => {
    closeSync(fd)
    return new BadFileError(message)
  }
  if (stat.isDirectory()) throw refuse(`${file} is a folder: name a file in it.`)
  if (stat.size === 0 && stat.isFile()) throw refuse(`${file} is empty: nothing to import.`)
  return { input: createReadStream(file, { fd }), totalBytes: stat.isFile() ? stat.size : null }
}

/**
 * The rejects file, written only once there is a reject: a clean import leaves none. A file
 * left by an earlier run is removed at the start, so what is there describes this run.
 */
function rejectsFile(path: string) {
  rmSync(path, { force: true })
  let stream: ReturnType<typeof createWriteStream> | undefined
  return {
    async write(line: string): Promise<void> {
      stream ??= createWriteStream(path, { fd: openSync(path, 'w') })
      if (!stream.write(line)) await new Promise<void>((resolve) => stream!.once('drain', resolve))
    },
    async close(): Promise<void> {
      if (stream) await new Promise<void>((resolve) => stream!.end(() => resolve()))
    },
  }
}
