import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { getAccount, listAccounts, putAccount } from '../../domain/accounts.ts'
import type { Ctx } from '../../domain/context.ts'
import { scoreAccount } from '../../domain/in-market.ts'
import { domainField } from '../../ingest/fields.ts'
import { accountBodySchema } from '../../ingest/schemas.ts'
import { asOfQuery } from '../as-of.ts'
import { decodeCursor, encodeCursor } from '../cursor.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, json, problems } from '../openapi.ts'
import {
  AccountDetailSchema,
  AccountSchema,
  presentAccount,
  presentAccountDetail,
} from '../presenters.ts'

const DomainParam = z.object({
  domain: domainField.meta({ param: { name: 'domain', in: 'path' }, example: 'acme.co.uk' }),
})

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
})

const AccountPage = z
  .object({ data: z.array(AccountSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AccountPage' })

export function accountRoutes(ctx: Ctx) {
  const app = createRouter()

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/accounts/{domain}',
      tags: ['accounts'],
      summary: 'Create or update an account',
      description:
        'The path may be a domain or URL; the account is keyed by its registrable domain. ' +
        'Absent fields keep their value; `null` clears a field.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'write')],
      request: {
        params: DomainParam,
        body: { required: true, content: { 'application/json': { schema: accountBodySchema } } },
      },
      responses: {
        200: json(AccountSchema, 'Updated'),
        201: json(AccountSchema, 'Created'),
        ...problems(400, 401, 403, 413, 415),
      },
    }),
    async (c) => {
      const { domain } = c.req.valid('param')
      const { account, created } = await putAccount(ctx, domain, c.req.valid('json'))
      return c.json(presentAccount(account), created ? 201 : 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{domain}',
      tags: ['accounts'],
      summary: 'Look up an account',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      description:
        "Firmographics, per-topic surge against the account's own baseline (highest first) and an " +
        'intent summary. With `asOf`, only signals that occurred by then count.',
      request: { params: DomainParam, query: z.object({ asOf: asOfQuery(ctx.clock) }) },
      responses: { 200: json(AccountDetailSchema, 'The account'), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const { domain } = c.req.valid('param')
      const account = await getAccount(ctx, domain)
      const scored = await scoreAccount(ctx, domain, c.req.valid('query').asOf)
      return c.json(presentAccountDetail(account, scored), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts',
      tags: ['accounts'],
      summary: 'List accounts, a page at a time',
      description: 'Ordered by domain. Pass `nextCursor` back as `cursor` for the next page.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { query: ListQuery },
      responses: { 200: json(AccountPage, 'A page of accounts'), ...problems(400, 401) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query')
      const after = cursor === undefined ? null : String(decodeCursor(cursor).after ?? '')
      const page = await listAccounts(ctx, after, limit)
      return c.json(
        {
          data: page.items.map(presentAccount),
          nextCursor: page.next === null ? null : encodeCursor({ after: page.next }),
        },
        200,
      )
    },
  )

  return app
}
