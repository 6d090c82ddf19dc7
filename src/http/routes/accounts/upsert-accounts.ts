import { createRoute } from '@hono/zod-openapi'
import { putAccounts } from '../../../domain/accounts.ts'
import type { Ctx } from '../../../domain/context.ts'
import { accountBatchSchema, MAX_UPSERT_BATCH } from '../../../ingest/schemas.ts'
import { batchBody, requestBatch } from '../../batch-body.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { UpsertCountsSchema } from '../../presenters.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/accounts/batch',
    operationId: 'upsertAccounts',
    tags: ['accounts'],
    summary: 'Create or update many accounts',
    description:
      `Up to ${MAX_UPSERT_BATCH} accounts per request, as JSON or NDJSON (one account per line): ` +
      'each is a PUT /v1/accounts/{domain} body with its `domain`, and means the same (absent ' +
      'fields keep their value; `null` clears a field). All or nothing, in one transaction: a ' +
      'batch with any invalid item is refused whole, listing every issue by index and field; one ' +
      'naming an erased account answers 409 `suppressed`, listing those items. A domain may ' +
      'appear once per request (`www.acme.com` and `acme.com` are one account).',
    ...apiKey(ctx, 'write'),
    request: batchBody(accountBatchSchema),
    responses: {
      200: json(UpsertCountsSchema, 'Stored'),
      ...problems(400, 401, 403, 409, 413, 415),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const batch = await requestBatch(c, 'accounts', accountBatchSchema, () => c.req.valid('json'))
    return c.json(await putAccounts(ctx, batch.accounts), 200)
  })
}
