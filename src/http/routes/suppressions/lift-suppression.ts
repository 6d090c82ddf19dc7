import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { liftSuppression } from '../../../domain/suppressions.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { problems } from '../../openapi.ts'

const TargetParam = z.object({
  target: z
    .string()
    .max(2048)
    .meta({
      param: { name: 'target', in: 'path' },
      description: 'The erased e-mail address, or the erased domain (or a URL of it).',
      example: 'anna.nowak@acme.pl',
    }),
})

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'delete',
    path: '/v1/suppressions/{target}',
    operationId: 'liftSuppression',
    tags: ['contacts'],
    summary: 'Lift the suppression of an erased person or account',
    description:
      'After an erasure, input naming the person (or the domain) is dropped. Lifting the suppression ' +
      'lets it be stored again; the erased data does not come back. Admin only; audit-logged with the ' +
      'same keyed hash as the erasure. 404 when that address or domain is not suppressed.',
    ...apiKey(ctx, 'admin'),
    request: { params: TargetParam },
    responses: { 204: { description: 'Lifted' }, ...problems(400, 401, 403, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    await liftSuppression(ctx, c.req.valid('param').target, c.get('principal').keyId)
    return c.body(null, 204)
  })
}
