import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { eraseContact } from '../../../domain/erasure.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { KeyParam } from './schemas.ts'

const Erased = z.object({ erased: z.literal(true), signals: z.number().int() })

export const route = (ctx: Ctx) =>
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
    ...apiKey(ctx, 'admin'),
    request: { params: KeyParam },
    responses: { 200: json(Erased, 'Erased'), ...problems(400, 401, 403, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const result = await eraseContact(
      ctx,
      c.req.valid('param').email.email,
      c.get('principal').keyId,
    )
    return c.json({ erased: true as const, signals: result.signals }, 200)
  })
}
