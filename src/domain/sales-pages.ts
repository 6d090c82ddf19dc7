import { DAY_MS } from '../vocabulary.ts'
import { notFound } from '../errors.ts'
import type {
  AccountCard,
  PageLeaderboardQuery,
  PageLeaderboardRow,
  TimelineRow,
} from '../store/repos/sales-pages.ts'
import { topicKey } from '../taxonomy/topic-key.ts'
import type { Ctx } from './context.ts'
import { currentScore } from './scores.ts'
import { type SurgingAccount, surgingAccounts } from './topics.ts'

/** Verbs behind the sales pages: reads the API does not need. Sessions: ./sessions.ts. */

export type { PageLeaderboardQuery, TimelineRow }

export interface LeaderboardEntry extends PageLeaderboardRow {
  /** Share of the committee template's roles with an engaged person (0–1). */
  coverage: number
}

/** The leaderboard with search and numbered pages (sellers jump to "page 3"; the API uses cursors). */
export async function searchLeaderboard(
  ctx: Ctx,
  query: PageLeaderboardQuery,
): Promise<{ entries: LeaderboardEntry[]; total: number }> {
  const { rows, total } = await ctx.store.pages.leaderboard(query)
  const entries = await Promise.all(
    rows.map(async (row) => {
      // The committee stored with the current score: computed once, then read.
      const { committee } = await currentScore(ctx, row.domain)
      return { ...row, coverage: committee.coverage }
    }),
  )
  return { entries, total }
}

export type TopicPageAccount = SurgingAccount & Omit<AccountCard, 'domain'>

/**
 * The topic page: the accounts surging on a topic, each with the name, score, label and stage
 * a seller knows it by (null while an account has no score yet).
 */
export async function topicPage(ctx: Ctx, topic: string, asOf: number, limit: number) {
  const found = await surgingAccounts(ctx, topic, asOf, limit)
  const cards = await ctx.store.pages.accountCards(found.accounts.map((a) => a.domain))
  const byDomain = new Map(cards.map((card) => [card.domain, card]))
  const accounts: TopicPageAccount[] = found.accounts.map((account) => {
    const card = byDomain.get(account.domain)
    return {
      ...account,
      name: card?.name ?? null,
      score: card?.score ?? null,
      label: card?.label ?? null,
      stage: card?.stage ?? null,
    }
  })
  return { ...found, accounts }
}

async function accountIdOf(ctx: Ctx, domain: string): Promise<number> {
  const id = await ctx.store.activity.accountIdOf(domain)
  if (id === null) throw notFound(`The account '${domain}'`)
  return id
}

/** The latest signals of an account that had occurred by `asOf`, newest first. */
export async function recentSignals(
  ctx: Ctx,
  domain: string,
  asOf: number,
  limit: number,
): Promise<TimelineRow[]> {
  return ctx.store.pages.recentSignals(await accountIdOf(ctx, domain), asOf, limit)
}

/** Signals per UTC day over the last `days` days up to `asOf`, zero-filled. */
export async function dailyActivity(
  ctx: Ctx,
  domain: string,
  asOf: number,
  days: number,
): Promise<{ day: string; signals: number }[]> {
  const toDay = Math.floor(asOf / DAY_MS)
  const fromDay = toDay - days + 1
  const counts = new Map(
    (await ctx.store.pages.dailySignals(await accountIdOf(ctx, domain), fromDay, toDay)).map(
      (row) => [row.day, row.signals],
    ),
  )
  return Array.from({ length: days }, (_, i) => ({
    day: new Date((fromDay + i) * DAY_MS).toISOString().slice(0, 10),
    signals: counts.get(fromDay + i) ?? 0,
  }))
}

/** What the leaderboard's form offers: the stored values, and the taxonomy's categories. */
export async function filterChoices(ctx: Ctx) {
  const [stored, taxonomy] = await Promise.all([
    ctx.store.pages.filterChoices(),
    ctx.taxonomy.refresh(),
  ])
  const categories = new Set<string>()
  for (const topic of taxonomy.topics) {
    const category = taxonomy.categoryOf(topicKey(topic.name))
    if (category !== null) categories.add(category)
  }
  return { ...stored, categories: [...categories] }
}
