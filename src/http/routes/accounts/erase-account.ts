import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { eraseAccount } from '../../../domain/erasure.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { KeyParam } from './schemas.ts'

const Erased = z.object({
  erased: z.literal(true),
  contacts: z.number().int(),
  signals: z.number().int(),
  outcomes: z.number().int(),
})

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'delete',
    path: '/v1/accounts/{domain}',
    operationId: 'eraseAccount',
    tags: ['accounts'],
    summary: 'Erase an account with everything attached',
    description:
      'Contacts, signals, outcomes, scores, history and queued notifications go with it; the audit log keeps who ' +
      'and when. The domain and its contacts are then suppressed: later input naming them is dropped and ' +
      'counted as `suppressed` until an admin lifts it with `DELETE /v1/suppressions/{domain}`.',
    ...apiKey(ctx, 'admin'),
    request: { params: KeyParam },
    responses: { 200: json(Erased, 'Erased'), ...problems(400, 401, 403, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const erased = await eraseAccount(ctx, c.req.valid('param').domain, c.get('principal').keyId)
    return c.json({ erased: true as const, ...erased }, 200)
  })
}
