import type { Context } from 'hono'
import { z } from 'zod'
import { AppError, type Issue, validationFailed } from '../errors.ts'
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

/**
 * Reads a batch sent as NDJSON (one item per line) into the same `{ [field]: items }` shape
 * as the JSON form, so both are validated by one schema and report the same paths.
 */
export async function readNdjsonBatch<T extends z.ZodType>(
  c: Context,
  field: string,
  schema: T,
): Promise<z.output<T>> {
  const items: unknown[] = []
  const issues: Issue[] = []
  const lines = (await c.req.text()).split('\n')
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    try {
      const item: unknown = JSON.parse(line)
      // A line is what the JSON form nests at level 3: { field: [ item ] }.
      for (const issue of jsonShapeIssues(item, 3))
        issues.push({ ...issue, in: 'body', path: [field, items.length, ...issue.path] })
      items.push(item)
    } catch {
      issues.push({
        path: [field, items.length],
        message: `line ${index + 1} is not valid JSON`,
        code: 'invalid_json',
      })
      items.push(null)
    }
  })
  if (issues.length > 0) throw validationFailed(issues)
  const result = schema.safeParse({ [field]: items })
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
