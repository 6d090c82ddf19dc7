import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { classifyContact } from '../../../domain/committee.ts'
import { putContact } from '../../../domain/contacts.ts'
import { contactBodySchema } from '../../../ingest/schemas.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { jsonBody, upsertResponses } from '../../openapi.ts'
import { ContactSchema, presentContact } from '../../presenters-people.ts'
import { EmailParam } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'put',
    path: '/v1/contacts/{email}',
    operationId: 'putContact',
    tags: ['contacts'],
    summary: 'Create or update a contact',
    description:
      "A new contact's account comes from its e-mail domain unless `account` is given; " +
      'free-mail addresses (gmail.com, mail.ru, wp.pl…) never create an account. ' +
      'Absent fields keep their value; `null` clears a field.',
    ...apiKey(ctx, 'write'),
    request: { params: EmailParam, body: jsonBody(contactBodySchema) },
    responses: upsertResponses(ContactSchema),
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { contact, created } = await putContact(
      ctx,
      c.req.valid('param').email,
      c.req.valid('json'),
    )
    return c.json(presentContact(contact, classifyContact(ctx, contact)), created ? 201 : 200)
  })
}
