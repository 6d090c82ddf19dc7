import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { surgingAccounts } from '../../../domain/topics.ts'
import { topicField } from '../../../ingest/fields.ts'
import { asOfQuery } from '../../as-of.ts'
import { limitQuery } from '../../cursor.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { isoInstant, json, problems } from '../../openapi.ts'
import { categoryField, presentTopicSurge, TopicSurgeSchema } from '../../presenters.ts'

const SurgingAccounts = z
  .object({
    asOf: isoInstant,
    topic: z.string(),
    category: categoryField,
    data: z.array(TopicSurgeSchema.extend({ domain: z.string() })),
  })
  .meta({ id: 'SurgingAccounts' })

const TopicParam = z.object({
  topic: topicField.meta({ param: { name: 'topic', in: 'path' }, example: 'Data Warehouse' }),
})

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/topics/{topic}/accounts',
    operationId: 'listTopicAccounts',
    tags: ['intent'],
    summary: 'Accounts surging on a topic',
    description: 'Accounts whose surge on the topic is above the threshold (60), highest first.',
    ...apiKey(ctx, 'read'),
    request: {
      params: TopicParam,
      query: z.object({ asOf: asOfQuery(ctx.clock), limit: limitQuery(50) }),
    },
    responses: { 200: json(SurgingAccounts, 'Surging accounts'), ...problems(400, 401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
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
  })
}
