import type { Statement } from 'better-sqlite3'
import type { Db } from './db.ts'

/** Rows per statement at most: 256 rows of 16 columns stay far below SQLite's 32,766 parameters. */
const MAX_ROWS = 256

/**
 * One statement writing many rows: `head VALUES (?, …), (?, …) … tail`. A batch of 1,000
 * signals is then four calls into SQLite instead of 1,000, and the per-call cost (binding,
 * stepping, crossing from JavaScript to C++) is paid per chunk. Chunks are powers of two, so at
 * most nine statements of each shape are ever prepared. Rows are written in order, as separate
 * single-row statements would be; with `RETURNING`, the rows it returns come back.
 */
export function multiRow<Returned = never>(db: Db, head: string, width: number, tail = '') {
  const statements = new Map<number, Statement>()
  const tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`
  const statementFor = (rows: number) => {
    let statement = statements.get(rows)
    if (statement === undefined) {
      statement = db.prepare(
        `${head} VALUES ${Array.from({ length: rows }, () => tuple).join(', ')} ${tail}`,
      )
      statements.set(rows, statement)
    }
    return statement
  }

  return function write(rows: readonly (readonly unknown[])[]): Returned[] {
    const returned: Returned[] = []
    let start = 0
    while (start < rows.length) {
      const count = Math.min(MAX_ROWS, 2 ** Math.floor(Math.log2(rows.length - start)))
      const params = new Array<unknown>(count * width)
      for (let row = 0; row < count; row++) {
        const values = rows[start + row]!
        for (let column = 0; column < width; column++) params[row * width + column] = values[column]
      }
      const statement = statementFor(count)
      if (statement.reader) {
        for (const item of statement.all(params) as Returned[]) returned.push(item)
      } else statement.run(params)
      start += count
    }
    return returned
  }
}
