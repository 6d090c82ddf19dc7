import type { OutcomeType, SignalType } from '../../src/vocabulary.ts'
/**
 * Shared pieces of the real-data converters (`xeducation.ts`, `olist.ts`): the record shapes of
 * a converted "book" (the service's import format plus a per-lead raw table), CSV reading that
 * fails loudly, deterministic serialization, and the small command line both scripts share.
 * Nothing here reads the clock or draws random numbers: the same input gives the same bytes.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parse } from 'csv-parse/sync'

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

/** An account line of `accounts.ndjson`: the API's account fields plus its key. */
export interface AccountRecord {
  domain: string
  name: string
  country?: string
  attributes?: Record<string, string>
}

/** A line of `signals.ndjson`, as `POST /v1/signals` takes it. */
export interface SignalRecord {
  id: string
  type: SignalType
  account: string
  action: string
  occurredAt: string
  durationSeconds?: number
  source?: string
  url?: string
}

/** A line of `outcomes.ndjson`, as `POST /v1/outcomes` takes it. */
export interface OutcomeRecord {
  id: string
  account: string
  type: OutcomeType
  occurredAt: string
}

export type ColumnValue = number | string | null

/** A line of `leads.ndjson`: one lead, when it is scored, what happened, its raw columns. */
export interface LeadRecord {
  domain: string
  scoreAt: string
  label: 0 | 1
  columns: Record<string, ColumnValue>
}

export interface SourceFile {
  path: string
  sha256: string
  rows: number
}

export interface Meta {
  name: string
  source: {
    repo: string
    commit: string | null
    files: SourceFile[]
    upstream: string
  }
  licence: string
  asOf: string
  horizonDays: number
  leadDays: number
  /** How the baseline should read each raw column of `leads.ndjson`. */
  leadColumns: { numeric: string[]; categorical: string[]; time: string[] }
  counts: Record<string, unknown>
  notes: string[]
}

export interface Book {
  accounts: AccountRecord[]
  signals: SignalRecord[]
  outcomes: OutcomeRecord[]
  leads: LeadRecord[]
  meta: Meta
}

/** A problem with the input data: the conversion stops rather than guess. */
export class ConversionError extends Error {
  override name = 'ConversionError'
}

/** An ISO 8601 UTC instant in whole seconds, `2025-01-01T09:00:00Z`. */
export function iso(ms: number): string {
  if (!Number.isInteger(ms / 1000)) throw new Error(`not a whole second: ${ms}`)
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Rows of a CSV as objects keyed by header, every cell a string. Throws when a required
 * column is missing or a row's cell count differs from the header's.
 */
export function readCsv(
  text: string,
  file: string,
  required: readonly string[],
): Record<string, string>[] {
  let rows: Record<string, string>[]
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[]
  } catch (error) {
    throw new ConversionError(`${file}: not a readable CSV: ${(error as Error).message}`)
  }
  const header = rows[0] ? Object.keys(rows[0]) : []
  const missing = required.filter((column) => !header.includes(column))
  if (rows.length === 0) throw new ConversionError(`${file}: no rows`)
  if (missing.length > 0)
    throw new ConversionError(`${file}: missing column(s) ${missing.join(', ')}`)
  return rows
}

/** The cell of a row that readCsv checked has the column. */
export function cell(row: Record<string, string>, column: string): string {
  return row[column] ?? ''
}

/** Nearest-rank percentile of numbers sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]!
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10
}

export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return Object.fromEntries(
    [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
  )
}

const ndjson = (records: readonly unknown[]) =>
  records.map((record) => `${JSON.stringify(record)}\n`).join('')

/** The files of a book, name → content, exactly as written. */
export function serialize(book: Book): Record<string, string> {
  return {
    'accounts.ndjson': ndjson(book.accounts),
    'signals.ndjson': ndjson(book.signals),
    'outcomes.ndjson': ndjson(book.outcomes),
    'leads.ndjson': ndjson(book.leads),
    'meta.json': `${JSON.stringify(book.meta, null, 2)}\n`,
  }
}

export function writeBook(dir: string, book: Book): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, content] of Object.entries(serialize(book)))
    writeFileSync(join(dir, name), content)
}

/** Where the inputs were read from, for `meta.source`. */
export interface Inputs {
  texts: Record<string, string>
  /** The commit they were read at, when read from a git repository. */
  commit?: string
}

/**
 * Reads the named files from `--in` (a folder holding them, or the files themselves, matched by
 * their base name) or from `--repo` (a git repository, at `--rev`, default HEAD).
 */
export function readInputs(
  files: readonly string[],
  options: { in: string[]; repo: string | undefined; rev: string },
): Inputs {
  if (options.in.length > 0) {
    const texts: Record<string, string> = {}
    for (const file of files) {
      const path = options.in
        .map((given) =>
          existsSync(given) && statSync(given).isDirectory() ? join(given, file) : given,
        )
        .find((candidate) => candidate.endsWith(file) && existsSync(candidate))
      if (!path)
        throw new ConversionError(`--in: no ${file} among ${options.in.join(', ')} (or in them)`)
      texts[file] = readFileSync(path, 'utf8')
    }
    return { texts }
  }
  const repo = options.repo
  if (!repo || !existsSync(repo))
    throw new ConversionError(
      `no input: pass --in with ${files.join(' and ')} (the Kaggle files) or --repo with a git copy`,
    )
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
  const commit = git('rev-parse', `${options.rev}^{commit}`).trim()
  const texts: Record<string, string> = {}
  for (const file of files) texts[file] = git('show', `${commit}:${file}`)
  return { texts, commit }
}

/** The command line both converters share; `main` converts and writes, then prints a summary. */
export function runCli(
  usage: string,
  defaults: { out: string; repo: string },
  files: readonly string[],
  convert: (inputs: Inputs) => Book,
): void {
  let values: { out?: string; in?: string[]; repo?: string; rev?: string; help?: boolean }
  try {
    values = parseArgs({
      options: {
        out: { type: 'string' },
        in: { type: 'string', multiple: true },
        repo: { type: 'string' },
        rev: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`)
    process.exit(2)
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return
  }
  const out = values.out ?? defaults.out
  try {
    const inputs = readInputs(files, {
      in: values.in ?? [],
      repo: values.repo ?? (values.in ? undefined : defaults.repo),
      rev: values.rev ?? 'HEAD',
    })
    const book = convert(inputs)
    writeBook(out, book)
    const positives = book.leads.filter((lead) => lead.label === 1).length
    process.stdout.write(
      `${book.meta.name}: ${book.accounts.length} accounts, ${book.signals.length} signals, ` +
        `${book.outcomes.length} outcomes, ${book.leads.length} leads (${positives} positive), ` +
        `asOf ${book.meta.asOf} → ${out}\n`,
    )
  } catch (error) {
    if (error instanceof ConversionError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
}
