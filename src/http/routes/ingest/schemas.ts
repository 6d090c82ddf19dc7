import { json, problems } from '../../openapi.ts'
import { IngestResultSchema } from '../../presenters.ts'

export const batchResponses = {
  200: json(IngestResultSchema, 'Stored'),
  ...problems(400, 401, 403, 413, 415),
}
