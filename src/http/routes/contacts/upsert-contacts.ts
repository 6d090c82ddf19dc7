import { createRoute } from '@hono/zod-openapi'
import { putContacts } from '../../../domain/contacts.ts'
import type { Ctx } from '../../../domain/context.ts'
import { contactBatchSchema, MAX_UPSERT_BATCH } from '../../../ingest/schemas.ts'
import { batchBody, requestBatch } from '../../batch-body.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { UpsertCountsSchema } from '../../presenters.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/contacts/batch',
    operationId: 'upsertContacts',
    tags: ['contacts'],
    summary: 'Create or update many contacts',
    description:
      `Up to ${MAX_UPSERT_BATCH} contacts per request, as JSON or NDJSON (one contact per line): ` +
      'each is a PUT /v1/contacts/{email} body with its `email`, and means the same (absent ' +
      "fields keep their value; `null` clears a field; a new contact's account comes from its " +
      'e-mail domain unless `account` is given). All or nothing, in one transaction: a batch with ' +
      'any invalid item is refused whole, listing every issue by index and field; one naming an ' +
      'erased person or account answers 409 `suppressed`, listing those items. An address may ' +
      'appear once per request (matched case-insensitively).',
    ...apiKey(ctx, 'write'),
    request: batchBody(contactBatchSchema),
    responses: {
      200: json(UpsertCountsSchema, 'Stored'),
      ...problems(400, 401, 403, 409, 413, 415),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const batch = await requestBatch(c, 'contacts', contactBatchSchema, () => c.req.valid('json'))
    return c.json(await putContacts(ctx, batch.contacts), 200)
  })
}
