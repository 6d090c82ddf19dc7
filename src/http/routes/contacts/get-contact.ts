import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { classifyContact } from '../../../domain/committee.ts'
import { getContact } from '../../../domain/contacts.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { ContactSchema, presentContact } from '../../presenters-people.ts'
import { KeyParam } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/contacts/{email}',
    operationId: 'getContact',
    tags: ['contacts'],
    summary: 'Look up a contact',
    ...apiKey(ctx, 'read'),
    request: { params: KeyParam },
    responses: { 200: json(ContactSchema, 'The contact'), ...problems(400, 401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const contact = await getContact(ctx, c.req.valid('param').email)
    return c.json(presentContact(contact, classifyContact(ctx, contact)), 200)
  })
}
