import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { activeTopics, surgingAccounts } from '../../domain/topics.ts'
import { topicField } from '../../ingest/fields.ts'
import { asOfQuery, refuseAsOfBesideCursor } from '../as-of.ts'
import { cursorQuery, decodeCursor, encodeCursor } from '../cursor.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, isoInstant, json, problems } from '../openapi.ts'
import { categoryField, presentTopicSurge, TopicSurgeSchema } from '../presenters.ts'

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

const SurgingAccounts = z
  .object({
    asOf: isoInstant,
    topic: z.string(),
    category: categoryField,
    data: z.array(TopicSurgeSchema.extend({ domain: z.string() })),
  })
  .meta({ id: 'SurgingAccounts' })

export function topicRoutes(ctx: Ctx) {
  const app = createRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/topics',
      operationId: 'listTopics',
      tags: ['intent'],
      summary: 'Topics with recent activity',
      description:
        'Most accounts first, then most signals, then by name; `limit` at a time. Pass `nextCursor` back as ' +
        '`cursor` for the next page, which is computed as of the same instant (the cursor carries it).',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: {
        query: z.object({
          asOf: asOfQuery(ctx.clock),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: cursorQuery(1024),
        }),
      },
      responses: { 200: json(TopicList, 'Topics, most accounts first'), ...problems(400, 401) },
    }),
    async (c) => {
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
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/topics/{topic}/accounts',
      operationId: 'listTopicAccounts',
      tags: ['intent'],
      summary: 'Accounts surging on a topic',
      description: 'Accounts whose surge on the topic is above the threshold (60), highest first.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: {
        params: z.object({
          topic: topicField.meta({
            param: { name: 'topic', in: 'path' },
            example: 'Data Warehouse',
          }),
        }),
        query: z.object({
          asOf: asOfQuery(ctx.clock),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
      responses: { 200: json(SurgingAccounts, 'Surging accounts'), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const { asOf, limit } = c.req.valid('query')
      const result = await surgingAccounts(ctx, c.req.valid('param').topic, asOf, limit)
      return c.json(
        {
          asOf: new Date(asOf).toISOString(),
          topic: result.topic,
          category: result.category,
          data: result.accounts.map((account) => ({
            domain: account.domain,
            ...presentTopicSurge(account, new Map([[result.topicId, result.category]])),
          })),
        },
        200,
      )
    },
  )

  return app
}
