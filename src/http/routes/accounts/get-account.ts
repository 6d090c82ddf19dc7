import { createRoute } from '@hono/zod-openapi'
import { findAccounts } from '../../../domain/accounts.ts'
import type { Ctx } from '../../../domain/context.ts'
import { scoreAccount } from '../../../domain/in-market.ts'
import { currentAnswer } from '../../../domain/account-answers.ts'
import { type ScoredView, scoredView } from '../../../domain/score-view.ts'
import type { Account } from '../../../records.ts'
import { topicCategories } from '../../../domain/topic-categories.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { AccountDetailSchema, presentAccountDetail, shownTopicIds } from '../../presenters.ts'
import { accountAsOfRequest } from './schemas.ts'

const JSON_TYPE = { 'content-type': 'application/json' }

export const route = (ctx: Ctx) =>
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
    ...apiKey(ctx, 'read'),
    request: accountAsOfRequest(ctx),
    responses: { 200: json(AccountDetailSchema, 'The account'), ...problems(400, 401, 404) },
  })

/** The answer's bytes as the API presents them, with the categories of the topics it shows. */
async function presentAnswer(ctx: Ctx, account: Account, view: ScoredView): Promise<string> {
  const categories = await topicCategories(ctx, shownTopicIds(view.intent))
  return JSON.stringify(presentAccountDetail(account, view, categories))
}

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => {
    const { domain } = c.req.valid('param')
    if (c.req.query('asOf') === undefined)
      return c.body(
        await currentAnswer(ctx, domain, (account, view) => presentAnswer(ctx, account, view)),
        200,
        JSON_TYPE,
      ) as never
    const asOf = c.req.valid('query').asOf
    const scored = await scoreAccount(ctx, domain, asOf)
    const view = await scoredView(ctx, domain, scored, ctx.clock.now())
    const categories = await topicCategories(ctx, shownTopicIds(view.intent))
    const [account] = await findAccounts(ctx, [domain])
    return c.json(presentAccountDetail(account!, view, categories), 200)
  })
}
