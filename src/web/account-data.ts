import { DAY_MS } from '../vocabulary.ts'
import { getAccount } from '../domain/accounts.ts'
import type { Ctx } from '../domain/context.ts'
import { dailyActivity, recentSignals } from '../domain/sales-pages.ts'
import { HISTORY_DAYS, scoreHistory } from '../domain/score-history.ts'
import { currentScore } from '../domain/scores.ts'
import { topicCategories } from '../domain/topic-categories.ts'
import type { AccountPageData } from './pages/account.tsx'

const TIMELINE_SIGNALS = 10

/** Gathers the account page from the same verbs as the API's look-up, committee and history. */
export async function loadAccountPage(ctx: Ctx, domain: string): Promise<AccountPageData> {
  const account = await getAccount(ctx, domain)
  const view = await currentScore(ctx, domain)
  const now = ctx.clock.now()
  const [history, activity, signals, categories] = await Promise.all([
    scoreHistory(ctx, domain, now - (HISTORY_DAYS - 1) * DAY_MS, now),
    dailyActivity(ctx, domain, now, HISTORY_DAYS),
    recentSignals(ctx, domain, now, TIMELINE_SIGNALS),
    topicCategories(
      ctx,
      view.intent.topics.map((topic) => topic.topicId),
    ),
  ])
  // The committee is stored with the score, as of the same instant.
  return { account, view, committee: view.committee, history, activity, signals, categories }
}
