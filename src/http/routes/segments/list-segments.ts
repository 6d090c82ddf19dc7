import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { listSegments } from '../../../domain/segments.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { presentSegment, SegmentSchema } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/segments',
    operationId: 'listSegments',
    tags: ['segments'],
    summary: 'List the saved segments, oldest first',
    ...apiKey(ctx, 'read'),
    responses: {
      200: json(
        z.object({ items: z.array(SegmentSchema) }).meta({ id: 'SegmentList' }),
        'Segments',
      ),
      ...problems(401),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) =>
    c.json({ items: (await listSegments(ctx)).map(presentSegment) }, 200),
  )
}
