import { createWriteStream, existsSync } from 'node:fs'
import type { Writable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'

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
          ? stringify([columns.map((column) => record[column] ?? '')])
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
