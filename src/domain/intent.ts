import { notFound } from '../errors.ts'
import { windowsAt } from '../scoring/activity.ts'
import { summarizeIntent } from '../scoring/intent.ts'
import { categorySurges, surgeOf, type TopicSurge, topicTotals } from '../scoring/surge.ts'
import { topicKey } from '../taxonomy/topic-key.ts'
import type { Ctx } from './context.ts'
import type { Account } from '../records.ts'
import { peerRates } from './peers.ts'

/**
 * An account already read, with its id, and whether it is known to have no signal by asOf:
 * spares a batch job a read per account, and five for the many accounts with no activity.
 */
export interface KnownAccount {
  id: number
  account: Account
  silent?: boolean
}

export interface NamedTopicSurge extends TopicSurge {
  topic: string
}

/** How many of an account's topics a look-up (and a stored score) carries; the rest are paged. */
export const TOPICS_SHOWN = 50

export interface AccountIntent {
  asOf: number
  /**
   * The topics with activity in the recent or baseline window, highest surge first (then most
   * recent activity): all of them when computed, the first TOPICS_SHOWN once stored.
   */
  topics: NamedTopicSurge[]
  /** How many topics there are in all; absent on scores stored before it existed. */
  topicsTotal?: number
  intent: {
    surgingTopics: string[]
    /**
     * Taxonomy categories whose topics' pooled activity surges, strongest first; absent on
     * scores stored before categories existed.
     */
    surgingCategories?: string[]
    breadth: number
    momentum: number
    engagement: number
    lastSignalAt: number | null
  }
}

/**
 * An account's per-topic surge and intent summary as of an instant: reads its rollups
 * (and the current day's signals up to `asOf`), then scores them with the pure functions
 * in `scoring/`.
 */
export async function accountIntent(
  ctx: Ctx,
  domain: string,
  asOf: number,
): Promise<AccountIntent> {
  return (await computeIntent(ctx, domain, asOf)).intent
}

/** The intent and what it was computed from, for callers that go on to build features. */
export async function computeIntent(ctx: Ctx, domain: string, asOf: number, known?: KnownAccount) {
  const { store, scoring: config } = ctx
  // Firmographics with the id (a batch walking the book has them already); the activity
  // counts of `accounts.get` are not needed here.
  const found = known ?? (await store.accounts.findWithId(domain))
  if (!found) throw notFound(`The account '${domain}'`)
  const { id, account } = found

  const windows = windowsAt(asOf, config)
  const fromDay = Math.min(windows.baselineFirstDay, windows.lastDay - config.momentumDays + 1)
  // An account known to have no signal by asOf has no rollups either: nothing to read.
  const silent = known?.silent === true
  const [cells, contacts, firstSeen, lastSignalAt, peers] = await Promise.all([
    silent ? [] : store.activity.cells(id, fromDay, windows.lastDay, asOf),
    silent
      ? new Map<number, number>()
      : store.activity.contactsByTopic(id, windows.recentFirstDay, windows.lastDay, asOf),
    silent ? null : store.activity.firstSeenDay(id, windows.lastDay, asOf),
    silent ? null : store.activity.lastSignalAt(id, asOf),
    peerRates(ctx, windows),
  ])

  const historyDays =
    firstSeen === null
      ? 0
      : Math.max(0, windows.baselineLastDay - Math.max(firstSeen, windows.baselineFirstDay) + 1)
  const totals = topicTotals(cells, windows, contacts, config)
  const context = {
    windows,
    historyDays,
    peerRate: (topicId: number) => peers.rate(account.industry, account.employees, topicId),
    config,
  }
  const surges = totals.map((total) => surgeOf(total, { ...context, topicsTested: totals.length }))
  const [labels, taxonomy] = await Promise.all([
    store.topics.labels(surges.map((surge) => surge.topicId)),
    totals.length === 0 ? null : ctx.taxonomy.refresh(),
  ])
  const label = (topicId: number) => labels.get(topicId) ?? String(topicId)
  const categoryOf = (topicId: number) => {
    const name = labels.get(topicId)
    return name === undefined || taxonomy === null ? null : taxonomy.categoryOf(topicKey(name))
  }
  const surgingCategories = categorySurges(totals, categoryOf, context)
    .filter((category) => category.surge > config.surgeThreshold)
    .sort(
      (a, b) => b.surge - a.surge || b.recent - a.recent || a.category.localeCompare(b.category),
    )
    .map((category) => category.category)
  const named = surges
    .map((surge) => ({ ...surge, topic: label(surge.topicId) }))
    .sort((a, b) => b.surge - a.surge || b.recent - a.recent || a.topic.localeCompare(b.topic))
  const summary = summarizeIntent(named, cells, windows, asOf, config)

  const intent: AccountIntent = {
    asOf,
    topics: named,
    topicsTotal: named.length,
    intent: {
      surgingTopics: summary.surgingTopics.map(label),
      surgingCategories,
      breadth: summary.breadth,
      momentum: summary.momentum,
      engagement: summary.engagement,
      lastSignalAt,
    },
  }
  return { intent, account, accountId: id, cells, windows, silent }
}

/** The intent as stored and served: the first TOPICS_SHOWN topics, and how many there are. */
export function shownIntent(intent: AccountIntent): AccountIntent {
  if (intent.topics.length <= TOPICS_SHOWN) return intent
  return {
    ...intent,
    topics: intent.topics.slice(0, TOPICS_SHOWN),
    topicsTotal: intent.topicsTotal ?? intent.topics.length,
  }
}

/**
 * A page of an account's topics as of an instant, in the look-up's order, from `offset`: the
 * look-up shows the first TOPICS_SHOWN, this serves the rest.
 */
export async function accountTopics(
  ctx: Ctx,
  domain: string,
  asOf: number,
  offset: number,
  limit: number,
): Promise<{ total: number; topics: NamedTopicSurge[] }> {
  const { topics } = await accountIntent(ctx, domain, asOf)
  return { total: topics.length, topics: topics.slice(offset, offset + limit) }
}
