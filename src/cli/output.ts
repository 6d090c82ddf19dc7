import { createWriteStream, existsSync } from 'node:fs'
import type { Writable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'

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
}

/**
 * Rows to a file or stdout as CSV (header from `columns`) or NDJSON, honouring backpressure.
 * `append` continues a file (no second header), for resumed runs.
 */
export function rowWriter<T extends object>(
  out: string | undefined,
  format: 'csv' | 'ndjson',
  columns: (keyof T & string)[],
  append = false,
): RowWriter<T> {
  const continuing = append && out !== undefined && existsSync(out)
  const stream: Writable =
    out === undefined ? process.stdout : createWriteStream(out, { flags: continuing ? 'a' : 'w' })
  const send = async (text: string) => {
    if (!stream.write(text))
      await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
  }
  let headerDone = continuing || format === 'ndjson'
  return {
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
    },
  }
}
