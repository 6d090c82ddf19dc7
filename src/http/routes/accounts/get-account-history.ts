import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { scoreHistory } from '../../../domain/score-history.ts'
import { AppError } from '../../../errors.ts'
import { DAY_MS } from '../../../vocabulary.ts'
import { dateOrDateTime } from '../../as-of.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { KeyParam } from './schemas.ts'

const HistoryQuery = z.object({
  from: dateOrDateTime.optional().meta({
    description: 'The first day (UTC; a date-time means its day), default 90 days before `to`.',
    example: '2026-10-01',
  }),
  to: dateOrDateTime.optional().meta({
    description: 'The last day (UTC; a date-time means its day), default today.',
    example: '2026-10-31',
  }),
})

const HistorySchema = z
  .object({
    domain: z.string(),
    data: z.array(
      z.object({
        day: z.string(),
        score: z.number().int(),
        probability: z.number(),
        model: z.string(),
      }),
    ),
  })
  .meta({ id: 'ScoreHistory' })

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/accounts/{domain}/history',
    operationId: 'getAccountHistory',
    tags: ['accounts'],
    summary: 'Daily in-market score series',
    description:
      "Each day's score as of the end of that day, with the id of the model that gave it (at most 366 days).",
    ...apiKey(ctx, 'read'),
    request: { params: KeyParam, query: HistoryQuery },
    responses: { 200: json(HistorySchema, 'The series'), ...problems(400, 401, 404) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { domain } = c.req.valid('param')
    const query = c.req.valid('query')
    const to = query.to ?? ctx.clock.now()
    const from = query.from ?? to - 90 * DAY_MS
    if (from > to || to - from > 366 * DAY_MS || to > ctx.clock.now() + DAY_MS) {
      throw new AppError(
        'validation_failed',
        'The range must run forward, end by today and span at most 366 days.',
        {
          issues: [
            {
              in: 'query',
              path: ['from'],
              message: 'must be on or before `to`, at most 366 days before it',
              code: 'invalid_range',
            },
          ],
        },
      )
    }
    return c.json({ domain, data: await scoreHistory(ctx, domain, from, to) }, 200)
  })
}
