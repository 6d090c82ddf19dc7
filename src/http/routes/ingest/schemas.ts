import { z } from 'zod'
import { NDJSON } from '../../batch-body.ts'
import { json, problems } from '../../openapi.ts'
import { IngestResultSchema } from '../../presenters.ts'

const ndjsonBody = z.string().meta({ description: 'One JSON object per line.' })

/** A batch comes as JSON or NDJSON, and is answered alike, for signals and outcomes. */
export const batchBody = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema }, [NDJSON]: { schema: ndjsonBody } } },
})

export const batchResponses = {
  200: json(IngestResultSchema, 'Stored'),
  ...problems(400, 401, 403, 413, 415),
}
