import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { accountTopics } from '../../../domain/intent.ts'
import { topicCategories } from '../../../domain/topic-categories.ts'
import { asOfQuery, refuseAsOfBesideCursor } from '../../as-of.ts'
import { cursorQuery, decodeCursor, encodeCursor, limitQuery } from '../../cursor.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { isoInstant, json, problems } from '../../openapi.ts'
import { presentTopicSurge, TopicSurgeSchema } from '../../presenters.ts'
import { KeyParam } from './schemas.ts'

const TopicPage = z
  .object({
    domain: z.string(),
    asOf: isoInstant,
    total: z.number().int().meta({ description: 'How many topics the account has in all.' }),
    data: z.array(TopicSurgeSchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'AccountTopicPage' })

/** Where a page starts: the instant every page is computed as of, and the index of its first topic. */
const Position = z.object({
  asOf: z.number().int().min(0),
  offset: z.number().int().min(0).max(10_000_000),
})

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/accounts/{domain}/topics',
    operationId: 'listAccountTopics',
    tags: ['accounts'],
    summary: "Page through an account's topics",
    description:
      'Every topic with activity in the recent or baseline window, in the look-up’s order (surge, then recent ' +
      'activity). The look-up shows the first 50 and a `topicsNextCursor` that continues here; every page of ' +
      'one walk is computed as of the same instant, which its cursor carries.',
    ...apiKey(ctx, 'read'),
    request: {
      params: KeyParam,
      query: z.object({
        asOf: asOfQuery(ctx.clock),
        limit: limitQuery(50),
        cursor: cursorQuery(512),
      }),
    },
    responses: { 200: json(TopicPage, 'A page of topics'), ...problems(400, 401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { domain } = c.req.valid('param')
    const query = c.req.valid('query')
    if (query.cursor !== undefined) refuseAsOfBesideCursor(c)
    const { asOf, offset } =
      query.cursor === undefined
        ? { asOf: query.asOf, offset: 0 }
        : decodeCursor(query.cursor, Position)
    const page = await accountTopics(ctx, domain, asOf, offset, query.limit)
    const categories = await topicCategories(
      ctx,
      page.topics.map((topic) => topic.topicId),
    )
    const end = offset + page.topics.length
    return c.json(
      {
        domain,
        asOf: new Date(asOf).toISOString(),
        total: page.total,
        data: page.topics.map((topic) => presentTopicSurge(topic, categories)),
        nextCursor: end < page.total ? encodeCursor({ asOf, offset: end }) : null,
      },
      200,
    )
  })
}
