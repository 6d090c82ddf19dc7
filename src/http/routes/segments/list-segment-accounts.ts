import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { segmentMembers } from '../../../domain/segments.ts'
import { cursorQuery, decodeCursor, encodeCursor, limitQuery } from '../../cursor.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { presentMember, SegmentIdParam, SegmentMemberSchema } from './schemas.ts'

const MemberPage = z
  .object({ items: z.array(SegmentMemberSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'SegmentMemberPage' })

/** The last domain of the page before, as in `GET /v1/accounts`. */
const Position = z.object({ after: z.string().min(1).max(253) })

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/segments/{id}/accounts',
    operationId: 'listSegmentAccounts',
    tags: ['segments'],
    summary: "A segment's accounts, by domain",
    description:
      'Each with when it entered, its score and the change over 7 days. Pass `nextCursor` back ' +
      'as `cursor` for the next page.',
    ...apiKey(ctx, 'read'),
    request: {
      params: SegmentIdParam,
      query: z.object({ limit: limitQuery(50), cursor: cursorQuery(512) }),
    },
    responses: { 200: json(MemberPage, 'A page of members'), ...problems(400, 401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const after = cursor === undefined ? null : decodeCursor(cursor, Position).after
    const page = await segmentMembers(ctx, c.req.valid('param').id, after, limit)
    return c.json(
      {
        items: page.items.map(presentMember),
        nextCursor: page.next === null ? null : encodeCursor({ after: page.next }),
      },
      200,
    )
  })
}
