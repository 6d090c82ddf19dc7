import { createRoute } from '@hono/zod-openapi'
import { putAccount } from '../../../domain/accounts.ts'
import type { Ctx } from '../../../domain/context.ts'
import { accountBodySchema } from '../../../ingest/schemas.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { jsonBody, upsertResponses } from '../../openapi.ts'
import { AccountSchema, presentAccount } from '../../presenters.ts'
import { DomainParam } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'put',
    path: '/v1/accounts/{domain}',
    operationId: 'putAccount',
    tags: ['accounts'],
    summary: 'Create or update an account',
    description:
      'The path may be a domain or URL; the account is keyed by its registrable domain. ' +
      'Absent fields keep their value; `null` clears a field.',
    ...apiKey(ctx, 'write'),
    request: { params: DomainParam, body: jsonBody(accountBodySchema) },
    responses: upsertResponses(AccountSchema),
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { domain } = c.req.valid('param')
    const { account, created } = await putAccount(ctx, domain, c.req.valid('json'))
    return c.json(presentAccount(account), created ? 201 : 200)
  })
}
