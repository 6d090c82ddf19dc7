import { createRoute } from '@hono/zod-openapi'
import { accountCommittee } from '../../../domain/committee.ts'
import type { Ctx } from '../../../domain/context.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { CommitteeSchema, presentCommittee } from '../../presenters-people.ts'
import { accountAsOfRequest } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/accounts/{domain}/committee',
    operationId: 'getAccountCommittee',
    tags: ['accounts'],
    summary: 'The buying committee',
    description:
      'Engaged members (contacts active in the recent window) with role, function, seniority, ' +
      'engagement and topics; coverage of the template roles; missing roles; which functions ' +
      'drive each surging topic; known contacts to reach next.',
    ...apiKey(ctx, 'read'),
    request: accountAsOfRequest(ctx),
    responses: { 200: json(CommitteeSchema, 'The committee'), ...problems(400, 401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { domain } = c.req.valid('param')
    return c.json(
      presentCommittee(await accountCommittee(ctx, domain, c.req.valid('query').asOf)),
      200,
    )
  })
}
