import type { Context } from 'hono'
import { z } from 'zod'
import { AppError, type Issue, validationFailed } from '../errors.ts'
import { fastParseOf, UNSURE } from '../ingest/fast-parse.ts'
import { jsonShapeIssues } from '../ingest/json-shape.ts'
import { issuesFromZod } from './errors.ts'

export const NDJSON = 'application/x-ndjson'

const ndjsonBody = z.string().meta({ description: 'One JSON object per line.' })

/** A batch comes as JSON or NDJSON and is answered alike: signals, outcomes, accounts, contacts. */
export const batchBody = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema }, [NDJSON]: { schema: ndjsonBody } } },
})

export function isNdjson(c: Context): boolean {
  const type = c.req.header('content-type') ?? ''
  return type.split(';')[0]!.trim().toLowerCase() === NDJSON
}

type NdjsonLine = { item: unknown } | { invalidAt: number }

/** The body's non-blank lines, each parsed, or the line number where JSON.parse failed. */
function ndjsonLines(body: string): NdjsonLine[] {
  const lines: NdjsonLine[] = []
  body.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    try {
      lines.push({ item: JSON.parse(line) as unknown })
    } catch {
      lines.push({ invalidAt: index + 1 })
    }
  })
  return lines
}

/**
 * Reads a batch sent as NDJSON (one item per line) into the same `{ [field]: items }` shape
 * as the JSON form, so both are validated by one schema and report the same paths. A batch
 * the schema's fast path accepts skips the shape walks (that path checks every string and
 * key it accepts, see ingest/json-shape.ts); any other gets them, then zod, as before.
 */
export async function readNdjsonBatch<T extends z.ZodType>(
  c: Context,
  field: string,
  schema: T,
): Promise<z.output<T>> {
  const lines = ndjsonLines(await c.req.text())
  const items = lines.map((line) => ('item' in line ? line.item : null))
  const fast = fastParseOf(schema)
  if (fast !== undefined && lines.every((line) => 'item' in line)) {
    const value = fast({ [field]: items })
    if (value !== UNSURE) return value
  }
  const issues: Issue[] = []
  lines.forEach((line, index) => {
    if ('item' in line) {
      // A line is what the JSON form nests at level 3: { field: [ item ] }.
      for (const issue of jsonShapeIssues(line.item, 3))
        issues.push({ ...issue, in: 'body', path: [field, index, ...issue.path] })
    } else {
      issues.push({
        path: [field, index],
        message: `line ${line.invalidAt} is not valid JSON`,
        code: 'invalid_json',
      })
    }
  })
  if (issues.length > 0) throw validationFailed(issues)
  const result = z.safeParse(schema, { [field]: items })
  if (!result.success) throw validationFailed(issuesFromZod(result.error, 'body'))
  return result.data
}

/** The JSON validator lets an absent body through as `{}`: say plainly that one is needed. */
export function requireBatch<T extends object>(value: T | string, field: keyof T & string): T {
  if (typeof value !== 'object' || !(field in value)) {
    throw new AppError(
      'bad_request',
      `Send a JSON body { "${field}": [ … ] } or ${NDJSON}, one item per line.`,
    )
  }
  return value
}

/**
 * The batch of a request, however it came: NDJSON read and validated here, JSON already
 * validated by the route (`validJson`, read only for a JSON request).
 */
export async function requestBatch<T extends z.ZodType<object>>(
  c: Context,
  field: keyof z.output<T> & string,
  schema: T,
  validJson: () => z.output<T> | string,
): Promise<z.output<T>> {
  return isNdjson(c) ? readNdjsonBatch(c, field, schema) : requireBatch(validJson(), field)
}
