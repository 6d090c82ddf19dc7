import { notFound } from '../errors.ts'
import { topicKey } from '../ingest/identity.ts'
import { windowsAt } from '../scoring/activity.ts'
import type { Ctx } from './context.ts'
import { accountIntent, type NamedTopicSurge } from './intent.ts'
import { servable } from './scores.ts'
import { topicCategories } from './topic-categories.ts'
import { yieldToEventLoop } from '../event-loop.ts'

export interface ActiveTopic {
  topic: string
  /** Its taxonomy category; null when the taxonomy does not list it. */
  category: string | null
  /** Accounts with activity on it in the recent window. */
  accounts: number
  signals: number
}

/** Where a page of active topics continues: after this row of the ordering. */
export interface TopicPosition {
  accounts: number
  signals: number
  key: string
}

/**
 * Topics with activity in the recent window as of an instant, by how many accounts show it
 * (then signals, then name), a page at a time: a book can hold tens of thousands of topics.
 */
export async function activeTopics(
  ctx: Ctx,
  asOf: number,
  after: TopicPosition | null,
  limit: number,
): Promise<{ items: ActiveTopic[]; next: TopicPosition | null }> {
  const windows = windowsAt(asOf, ctx.scoring)
  // Whole days only: the day holding asOf is left out of this overview, as it is still going on.
  const rows = await ctx.store.topics.active(
    windows.recentFirstDay,
    windows.lastDay - 1,
    after,
    limit + 1,
  )
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const categories = await topicCategories(
    ctx,
    page.map((row) => row.id),
  )
  return {
    items: page.map((row) => ({
      topic: row.label,
      category: categories.get(row.id) ?? null,
      accounts: row.accounts,
      signals: row.signals,
    })),
    next:
      rows.length > limit && last
        ? { accounts: last.accounts, signals: last.signals, key: last.key }
        : null,
  }
}

/** How far before the clock a page's instant still counts as now (a request's own clock read). */
const NOW_SLACK_MS = 60_000

export interface SurgingAccount extends NamedTopicSurge {
  domain: string
}

/** Accounts surging on a topic as of an instant, highest surge first. */
export async function surgingAccounts(
  ctx: Ctx,
  topic: string,
  asOf: number,
  limit: number,
): Promise<{
  topic: string
  topicId: number
  category: string | null
  accounts: SurgingAccount[]
}> {
  const found = await ctx.store.topics.byKey(topicKey(topic))
  if (!found) throw notFound(`The topic '${topic}'`)
  const windows = windowsAt(asOf, ctx.scoring)
  const active = await ctx.store.topics.activeWithStoredSurges(
    found.id,
    windows.recentFirstDay,
    windows.lastDay,
  )
  // A page for now reads the surge a servable stored score found (the look-up would serve
  // that score too); an account without one, or a page for another instant, is rescored.
  const forNow = asOf >= ctx.clock.now() - NOW_SLACK_MS
  const surging: SurgingAccount[] = []
  let rescored = 0
  for (const { domain, stored, surge: storedSurge } of active) {
    if (forNow && stored !== null && servable(ctx, stored)) {
      const surge = storedSurge === null ? null : (JSON.parse(storedSurge) as NamedTopicSurge)
      if (surge && surge.surge > ctx.scoring.surgeThreshold) surging.push({ ...surge, domain })
      continue
    }
    // A popular topic has thousands of active accounts on a large book: let other requests in.
    if (++rescored % 16 === 0) await yieldToEventLoop()
    const intent = await accountIntent(ctx, domain, asOf)
    const surge = intent.topics.find((candidate) => candidate.topicId === found.id)
    if (surge && surge.surge > ctx.scoring.surgeThreshold) surging.push({ ...surge, domain })
  }
  surging.sort(
    (a, b) => b.surge - a.surge || b.recent - a.recent || a.domain.localeCompare(b.domain),
  )
  const category = (await topicCategories(ctx, [found.id])).get(found.id) ?? null
  return { topic: found.label, topicId: found.id, category, accounts: surging.slice(0, limit) }
}
