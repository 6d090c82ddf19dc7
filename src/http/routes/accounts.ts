import { DAY_MS } from '../../vocabulary.ts'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { findAccounts, listAccounts, putAccount } from '../../domain/accounts.ts'
import { accountCommittee } from '../../domain/committee.ts'
import type { Ctx } from '../../domain/context.ts'
import { eraseAccount } from '../../domain/erasure.ts'
import { filterOf, leaderboardFilterSchema } from '../../domain/leaderboard-filter.ts'
import { scoreAccount } from '../../domain/in-market.ts'
import {
  currentScore,
  leaderboard,
  scoreHistory,
  scoredView,
  servedVersion,
  answerVersion,
} from '../../domain/scores.ts'
import { topicCategories } from '../../domain/topic-categories.ts'
import { AppError } from '../../errors.ts'
import { domainField, domainKeyField } from '../../ingest/fields.ts'
import { accountBodySchema } from '../../ingest/schemas.ts'
import { asOfQuery, dateOrDateTime } from '../as-of.ts'
import { cursorQuery, decodeCursor, encodeCursor } from '../cursor.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, json, problems } from '../openapi.ts'
import {
  AccountDetailSchema,
  AccountSchema,
  presentAccount,
  presentAccountDetail,
  presentScoreSummary,
  ScoreSummarySchema,
  shownTopicIds,
} from '../presenters.ts'
import { CommitteeSchema, presentCommittee } from '../presenters-people.ts'

const DomainParam = z.object({
  domain: domainField.meta({ param: { name: 'domain', in: 'path' }, example: 'acme.co.uk' }),
})
/** Reads and erasure find an account by the key it was stored under, look-alike or not. */
const KeyParam = z.object({
  domain: domainKeyField.meta({ param: { name: 'domain', in: 'path' }, example: 'acme.co.uk' }),
})

const ListQuery = z.object({
  sort: z.enum(['domain', 'score']).default('domain'),
  ...leaderboardFilterSchema.shape,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: cursorQuery(512),
})

const AccountPage = z
  .object({
    data: z.array(AccountSchema.extend({ inMarket: ScoreSummarySchema.optional() })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'AccountPage' })

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

const SCORE_FILTERS = ['label', 'stage', 'topic', 'minScore'] as const

/** What each sort's cursor holds: the last domain, or the last (score, domain). */
const DomainPosition = z.object({ after: z.string().min(1).max(253) })
const ScorePosition = z.object({
  score: z.number().int().min(0).max(100),
  domain: z.string().min(1).max(253),
})

const JSON_TYPE = { 'content-type': 'application/json' }

export function accountRoutes(ctx: Ctx) {
  const app = createRouter()
  const answers = ctx.caches.answers

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/accounts/{domain}',
      operationId: 'putAccount',
      tags: ['accounts'],
      summary: 'Create or update an account',
      description:
        'The path may be a domain or URL; the account is keyed by its registrable domain. ' +
        'Absent fields keep their value; `null` clears a field.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'write')],
      request: {
        params: DomainParam,
        body: { required: true, content: { 'application/json': { schema: accountBodySchema } } },
      },
      responses: {
        200: json(AccountSchema, 'Updated'),
        201: json(AccountSchema, 'Created'),
        ...problems(400, 401, 403, 409, 413, 415),
      },
    }),
    async (c) => {
      const { domain } = c.req.valid('param')
      const { account, created } = await putAccount(ctx, domain, c.req.valid('json'))
      return c.json(presentAccount(account), created ? 201 : 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{domain}',
      operationId: 'getAccount',
      tags: ['accounts'],
      summary: 'Look up an account',
      description:
        "Firmographics, per-topic surge against the account's own baseline (highest first), an " +
        'intent summary, the in-market score with its reasons, and the fit grade. Without `asOf` ' +
        'the stored score is read (recomputed first when the account changed); with `asOf`, it is ' +
        'computed from only the signals and outcomes that occurred by then.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { params: KeyParam, query: z.object({ asOf: asOfQuery(ctx.clock) }) },
      responses: { 200: json(AccountDetailSchema, 'The account'), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const { domain } = c.req.valid('param')
      if (c.req.query('asOf') === undefined) {
        // Topics carry their taxonomy category: a new taxonomy is a new answer.
        const taxonomy = (await ctx.taxonomy.refresh()).version
        const version = await servedVersion(ctx, domain)
        const cached = version === null ? undefined : answers.get(domain, `${version}|${taxonomy}`)
        if (cached !== undefined) return c.body(cached, 200, JSON_TYPE) as never
        const [account] = await findAccounts(ctx, [domain])
        const view = await currentScore(ctx, domain)
        const categories = await topicCategories(ctx, shownTopicIds(view.intent))
        const body = JSON.stringify(presentAccountDetail(account!, view, categories))
        // Filed under the version it was built from, which may be newer than the one checked.
        answers.set(
          domain,
          `${answerVersion(view.computedAt, view.inMarket.model, account!.updatedAt)}|${taxonomy}`,
          body,
        )
        return c.body(body, 200, JSON_TYPE) as never
      }
      const asOf = c.req.valid('query').asOf
      const scored = await scoreAccount(ctx, domain, asOf)
      const view = await scoredView(ctx, domain, scored, ctx.clock.now())
      const categories = await topicCategories(ctx, shownTopicIds(view.intent))
      const [account] = await findAccounts(ctx, [domain])
      return c.json(presentAccountDetail(account!, view, categories), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{domain}/committee',
      operationId: 'getAccountCommittee',
      tags: ['accounts'],
      summary: 'The buying committee',
      description:
        'Engaged members (contacts active in the recent window) with role, function, seniority, ' +
        'engagement and topics; coverage of the template roles; missing roles; which functions ' +
        'drive each surging topic; known contacts to reach next.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { params: KeyParam, query: z.object({ asOf: asOfQuery(ctx.clock) }) },
      responses: { 200: json(CommitteeSchema, 'The committee'), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const { domain } = c.req.valid('param')
      return c.json(
        presentCommittee(await accountCommittee(ctx, domain, c.req.valid('query').asOf)),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{domain}/history',
      operationId: 'getAccountHistory',
      tags: ['accounts'],
      summary: 'Daily in-market score series',
      description:
        "Each day's score as of the end of that day, with the id of the model that gave it (at most 366 days).",
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { params: KeyParam, query: HistoryQuery },
      responses: { 200: json(HistorySchema, 'The series'), ...problems(400, 401, 404) },
    }),
    async (c) => {
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
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts',
      operationId: 'listAccounts',
      tags: ['accounts'],
      summary: 'List accounts, or the in-market leaderboard',
      description:
        'Ordered by domain by default. `sort=score` lists scored accounts by in-market score, ' +
        'highest first, filtered by label, stage, surging topic, industry, country and minimum ' +
        'score. Pass `nextCursor` back as `cursor` for the next page.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { query: ListQuery },
      responses: { 200: json(AccountPage, 'A page of accounts'), ...problems(400, 401) },
    }),
    async (c) => {
      const { sort, limit, cursor, ...filters } = c.req.valid('query')
      if (sort === 'domain') {
        const misplaced = SCORE_FILTERS.filter((name) => filters[name] !== undefined)
        if (misplaced.length > 0 || filters.industry || filters.country) {
          throw new AppError(
            'validation_failed',
            'Filters apply to the leaderboard: add sort=score.',
            {
              issues: [
                ...misplaced,
                ...(['industry', 'country'] as const).filter((n) => filters[n]),
              ].map((name) => ({
                in: 'query' as const,
                path: [name],
                message: 'needs sort=score',
                code: 'needs_sort',
              })),
            },
          )
        }
        const after = cursor === undefined ? null : decodeCursor(cursor, DomainPosition).after
        const page = await listAccounts(ctx, after, limit)
        return c.json(
          {
            data: page.items.map(presentAccount),
            nextCursor: page.next === null ? null : encodeCursor({ after: page.next }),
          },
          200,
        )
      }
      const after = cursor === undefined ? undefined : decodeCursor(cursor, ScorePosition)
      const page = await leaderboard(ctx, filterOf(filters), after, limit)
      const accounts = await findAccounts(
        ctx,
        page.items.map((item) => item.domain),
      )
      return c.json(
        {
          data: page.items.map((item, i) => ({
            ...presentAccount(accounts[i]!),
            inMarket: presentScoreSummary(item),
          })),
          nextCursor: page.next === null ? null : encodeCursor(page.next),
        },
        200,
      )
    },
  )

  app.openapi(
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
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: { params: KeyParam },
      responses: {
        200: json(
          z.object({
            erased: z.literal(true),
            contacts: z.number().int(),
            signals: z.number().int(),
            outcomes: z.number().int(),
          }),
          'Erased',
        ),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const erased = await eraseAccount(ctx, c.req.valid('param').domain, c.get('principal').keyId)
      return c.json({ erased: true as const, ...erased }, 200)
    },
  )

  return app
}
