import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { unsubscribe } from '../../../domain/notifications.ts'
import { AppError } from '../../../errors.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { IdParam, problems } from '../../openapi.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'delete',
    path: '/v1/subscriptions/{id}',
    operationId: 'deleteSubscription',
    tags: ['notifications'],
    summary: 'Unsubscribe (pending deliveries are dropped)',
    ...apiKey(ctx, 'admin'),
    request: { params: IdParam },
    responses: { 204: { description: 'Gone' }, ...problems(401, 403, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    if (!(await unsubscribe(ctx, c.req.valid('param').id)))
      throw new AppError('not_found', 'No such subscription.')
    return c.body(null, 204)
  })
}
