import type { z } from 'zod'
import { Reject, type StepRun } from '../pipeline.ts'

/**
 * The first step of a pipeline given raw items: the item schema, with its field rules,
 * identity normalization and taxonomy check. Edges that validated the batch already (the API's
 * JSON and NDJSON bodies) start after it, so nothing is validated twice.
 */
export function validateWith<S extends z.ZodType, Env>(
  schema: S,
): StepRun<unknown, z.output<S>, Env> {
  return (items) =>
    items.map((item) => {
      const parsed = schema.safeParse(item)
      return parsed.success ? parsed.data : new Reject(parsed.error.issues)
    })
}
