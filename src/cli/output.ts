import { createWriteStream, existsSync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import { CliFailure, errnoOf, fsReason } from './failure.ts'
import { EXIT } from './options.ts'

/**
 * What a spreadsheet (Excel, LibreOffice, Google Sheets) reads as the start of a formula, in
 * ASCII and full width, possibly after blanks it skips: OWASP's CSV-injection list.
 */
const FORMULA_START = /^[\s\u00a0]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`,
 * `-2+3+cmd|…`) gets a leading `'`, which spreadsheets read as "this is text" and show
 * without it. Numbers stay numbers, negative ones too: a number cannot carry a formula, and a
 * quoted score would no longer sort or sum. Names, topics and every other text are data from
 * outside (CRMs, Segment, signals), so every text cell is checked, whatever its column.
 */
export function csvCell(value: unknown): string | number | bigint | boolean {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return value
  const text = String(value)
  return FORMULA_START.test(text) ? `'${text}` : text
}

export interface RowWriter<T> {
  write(row: T): Promise<void>
  close(): Promise<void>
  /** The reader went away (`intent export … | head`): further rows are dropped; stop early. */
  readonly closed: boolean
}

/** Resolves when the stream wants more, or can take no more (an error, or closed). */
function drained(stream: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done)
      stream.off('error', done)
      stream.off('close', done)
      resolve()
    }
    stream.on('drain', done)
    stream.on('error', done)
    stream.on('close', done)
  })
}

/**
 * Refuses, before any work, an output path whose folder is missing (or that is a folder):
 * the commonest typo, and otherwise found only after the work is done.
 */
export function refuseUnwritable(path: string, option: string): void {
  const target = resolve(path)
  const folder = dirname(target)
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new CliFailure(
      `cannot write ${target}: the folder ${folder} does not exist; create it first (mkdir -p ${folder}), or choose another ${option}`,
      EXIT.unavailable,
    )
  if (existsSync(target) && statSync(target).isDirectory())
    throw new CliFailure(
      `cannot write ${target}: it is a folder; name a file in it, or choose another ${option}`,
      EXIT.unavailable,
    )
}

/** A file to write, opened now so that a missing folder is one clear line, not a late stack. */
function openOutput(path: string, append: boolean): Writable {
  let fd: number
  try {
    fd = openSync(path, append ? 'a' : 'w')
  } catch (error) {
    const reason = fsReason(error)
    if (reason === undefined) throw error
    throw new CliFailure(
      `cannot write ${resolve(path)}: ${reason}; create its folder first, or choose another --out`,
      EXIT.unavailable,
    )
  }
  return createWriteStream(path, { fd })
}

/**
 * Rows to a file or stdout as CSV (header from `columns`) or NDJSON, honouring backpressure.
 * `append` continues a file (no second header), for resumed runs. A closed stdout (EPIPE) is
 * the reader saying "enough", not a failure: rows after it are dropped and `closed` says so.
 */
export function rowWriter<T extends object>(
  out: string | undefined,
  format: 'csv' | 'ndjson',
  columns: (keyof T & string)[],
  append = false,
): RowWriter<T> {
  const continuing = append && out !== undefined && existsSync(out)
  const stream: Writable = out === undefined ? process.stdout : openOutput(out, continuing)
  let gone = false
  let failure: unknown
  const onError = (error: unknown) => {
    if (stream === process.stdout && errnoOf(error) === 'EPIPE') gone = true
    else failure ??= error
  }
  stream.on('error', onError)
  const send = async (text: string) => {
    if (failure !== undefined) throw failure
    if (gone) return
    if (!stream.write(text)) await drained(stream)
  }
  let headerDone = continuing || format === 'ndjson'
  return {
    get closed() {
      return gone
    },
    async write(row) {
      if (!headerDone) {
        await send(stringify([columns]))
        headerDone = true
      }
      const record = row as Record<string, unknown>
      await send(
        format === 'csv'
          ? stringify([columns.map((column) => csvCell(record[column]))])
          : `${JSON.stringify(row)}\n`,
      )
    },
    async close() {
      if (!headerDone) await send(stringify([columns]))
      if (stream !== process.stdout)
        await new Promise<void>((resolve) => stream.end(() => resolve()))
      stream.off('error', onError)
      if (failure !== undefined) throw failure
    },
  }
}
