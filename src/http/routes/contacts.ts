import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { getContact, putContact } from '../../domain/contacts.ts'
import { eraseContact } from '../../domain/erasure.ts'
import { emailField, emailKeyField } from '../../ingest/fields.ts'
import { contactBodySchema } from '../../ingest/schemas.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, json, problems } from '../openapi.ts'
import { ContactSchema, presentContact } from '../presenters-people.ts'

const EmailParam = z.object({
  email: emailField.meta({ param: { name: 'email', in: 'path' }, example: 'anna.nowak@acme.pl' }),
})
/** Reads and erasure find a person by the key they were stored under, look-alike or not. */
const KeyParam = z.object({
  email: emailKeyField.meta({
    param: { name: 'email', in: 'path' },
    example: 'anna.nowak@acme.pl',
  }),
})

export function contactRoutes(ctx: Ctx) {
  const app = createRouter()

  app.openapi(
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
      security: bearerAuth,
      middleware: [requireScope(ctx, 'write')],
      request: {
        params: EmailParam,
        body: { required: true, content: { 'application/json': { schema: contactBodySchema } } },
      },
      responses: {
        200: json(ContactSchema, 'Updated'),
        201: json(ContactSchema, 'Created'),
        ...problems(400, 401, 403, 409, 413, 415),
      },
    }),
    async (c) => {
      const { contact, created } = await putContact(
        ctx,
        c.req.valid('param').email,
        c.req.valid('json'),
      )
      return c.json(presentContact(contact, ctx.scoring.committee.rules), created ? 201 : 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contacts/{email}',
      operationId: 'getContact',
      tags: ['contacts'],
      summary: 'Look up a contact',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { params: KeyParam },
      responses: { 200: json(ContactSchema, 'The contact'), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        presentContact(
          await getContact(ctx, c.req.valid('param').email),
          ctx.scoring.committee.rules,
        ),
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/contacts/{email}',
      operationId: 'eraseContact',
      tags: ['contacts'],
      summary: 'Erase a person and their signals (right to erasure)',
      description:
        "Deletes the contact and every signal of theirs; the accounts' rollups are rebuilt and rescored. " +
        'The address is then suppressed: later signals, Segment messages, CRM upserts and imports naming it ' +
        'are dropped and counted as `suppressed` (a PUT answers 409 `suppressed`) until an admin lifts it with ' +
        '`DELETE /v1/suppressions/{email}`. The audit log records who and when, with an HMAC-SHA-256 of the ' +
        'address keyed by the server secret, never the address.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: { params: KeyParam },
      responses: {
        200: json(z.object({ erased: z.literal(true), signals: z.number().int() }), 'Erased'),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const result = await eraseContact(
        ctx,
        c.req.valid('param').email.email,
        c.get('principal').keyId,
      )
      return c.json({ erased: true as const, signals: result.signals }, 200)
    },
  )

  return app
}
