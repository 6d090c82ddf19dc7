import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { activeTopics } from '../../../domain/topics.ts'
import { asOfQuery, refuseAsOfBesideCursor } from '../../as-of.ts'
import { cursorQuery, decodeCursor, encodeCursor, limitQuery } from '../../cursor.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { isoInstant, json, problems } from '../../openapi.ts'
import { categoryField } from '../../presenters.ts'

const TopicList = z
  .object({
    asOf: isoInstant,
    data: z.array(
      z.object({
        topic: z.string(),
        category: categoryField,
        accounts: z
          .number()
          .int()
          .meta({ description: 'Accounts active on the topic in the recent window.' }),
        signals: z.number().int(),
      }),
    ),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass back as `cursor` for the next page.' }),
  })
  .meta({ id: 'TopicList' })

const Position = z.object({
  asOf: z.number().int().min(0),
  accounts: z.number().int().min(0),
  signals: z.number().int().min(0),
  key: z.string().min(1).max(400),
})

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/topics',
    operationId: 'listTopics',
    tags: ['intent'],
    summary: 'Topics with recent activity',
    description:
      'Most accounts first, then most signals, then by name; `limit` at a time. Pass `nextCursor` back as ' +
      '`cursor` for the next page, which is computed as of the same instant (the cursor carries it).',
    ...apiKey(ctx, 'read'),
    request: {
      query: z.object({
        asOf: asOfQuery(ctx.clock),
        limit: limitQuery(50),
        cursor: cursorQuery(1024),
      }),
    },
    responses: { 200: json(TopicList, 'Topics, most accounts first'), ...problems(400, 401) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const query = c.req.valid('query')
    if (query.cursor !== undefined) refuseAsOfBesideCursor(c)
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, Position)
    const asOf = position?.asOf ?? query.asOf
    const page = await activeTopics(ctx, asOf, position, query.limit)
    return c.json(
      {
        asOf: new Date(asOf).toISOString(),
        data: page.items,
        nextCursor: page.next === null ? null : encodeCursor({ asOf, ...page.next }),
      },
      200,
    )
  })
}
