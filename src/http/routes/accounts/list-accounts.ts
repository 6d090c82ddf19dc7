import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { findAccounts, listAccounts } from '../../../domain/accounts.ts'
import type { Ctx } from '../../../domain/context.ts'
import {
  FILTER_FIELDS,
  filterOf,
  type LeaderboardFilterQuery,
  leaderboardFilterSchema,
} from '../../../domain/leaderboard-filter.ts'
import { leaderboard } from '../../../domain/leaderboard.ts'
import { AppError } from '../../../errors.ts'
import { cursorQuery, decodeCursor, encodeCursor, limitQuery } from '../../cursor.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import {
  AccountSchema,
  presentAccount,
  presentScoreSummary,
  ScoreSummarySchema,
} from '../../presenters.ts'

const ListQuery = z.object({
  sort: z.enum(['domain', 'score']).default('domain'),
  ...leaderboardFilterSchema.shape,
  limit: limitQuery(50),
  cursor: cursorQuery(512),
})

const AccountPage = z
  .object({
    data: z.array(AccountSchema.extend({ inMarket: ScoreSummarySchema.optional() })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'AccountPage' })

/** What each sort's cursor holds: the last domain, or the last (score, domain). */
const DomainPosition = z.object({ after: z.string().min(1).max(253) })
const ScorePosition = z.object({
  score: z.number().int().min(0).max(100),
  domain: z.string().min(1).max(253),
})

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/accounts',
    operationId: 'listAccounts',
    tags: ['accounts'],
    summary: 'List accounts, or the in-market leaderboard',
    description:
      'Ordered by domain by default. `sort=score` lists scored accounts by in-market score, ' +
      'highest first, filtered by label, stage, surging topic, surging category, industry, country, minimum ' +
      'score, fit grade, employee and revenue ranges, technology, committee coverage and an attribute value (`attribute=tier:gold`). Pass `nextCursor` back as `cursor` for the next page.',
    ...apiKey(ctx, 'read'),
    request: { query: ListQuery },
    responses: { 200: json(AccountPage, 'A page of accounts'), ...problems(400, 401) },
  })

/** The leaderboard's filters mean nothing in domain order: refused, naming each one. */
function refuseFiltersWithoutScoreSort(filters: LeaderboardFilterQuery): void {
  const misplaced = FILTER_FIELDS.filter(
    (name) => filters[name] !== undefined && filters[name] !== '',
  )
  if (misplaced.length === 0) return
  throw new AppError('validation_failed', 'Filters apply to the leaderboard: add sort=score.', {
    issues: misplaced.map((name) => ({
      in: 'query' as const,
      path: [name],
      message: 'needs sort=score',
      code: 'needs_sort',
    })),
  })
}

async function byDomain(ctx: Ctx, cursor: string | undefined, limit: number) {
  const after = cursor === undefined ? null : decodeCursor(cursor, DomainPosition).after
  const page = await listAccounts(ctx, after, limit)
  return {
    data: page.items.map(presentAccount),
    nextCursor: page.next === null ? null : encodeCursor({ after: page.next }),
  }
}

async function byScore(
  ctx: Ctx,
  filters: LeaderboardFilterQuery,
  cursor: string | undefined,
  limit: number,
) {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, ScorePosition)
  const page = await leaderboard(ctx, filterOf(filters), after, limit)
  const accounts = await findAccounts(
    ctx,
    page.items.map((item) => item.domain),
  )
  return {
    data: page.items.map((item, i) => ({
      ...presentAccount(accounts[i]!),
      inMarket: presentScoreSummary(item),
    })),
    nextCursor: page.next === null ? null : encodeCursor(page.next),
  }
}

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { sort, limit, cursor, ...filters } = c.req.valid('query')
    if (sort === 'score') return c.json(await byScore(ctx, filters, cursor, limit), 200)
    refuseFiltersWithoutScoreSort(filters)
    return c.json(await byDomain(ctx, cursor, limit), 200)
  })
}
