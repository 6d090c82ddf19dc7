import { notFound } from '../errors.ts'
import { windowsAt } from '../scoring/activity.ts'
import { summarizeIntent } from '../scoring/intent.ts'
import { surgeOf, type TopicSurge, topicTotals } from '../scoring/surge.ts'
import type { Ctx } from './context.ts'
import type { Account } from './model.ts'
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

export interface AccountIntent {
  asOf: number
  /** Every topic with activity in the recent or baseline window, highest surge first. */
  topics: NamedTopicSurge[]
  intent: {
    surgingTopics: string[]
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
  const surges = totals.map((total) =>
    surgeOf(total, {
      windows,
      historyDays,
      peerRate: (topicId) => peers.rate(account.industry, account.employees, topicId),
      topicsTested: totals.length,
      config,
    }),
  )
  const labels = await store.topics.labels(surges.map((surge) => surge.topicId))
  const label = (topicId: number) => labels.get(topicId) ?? String(topicId)
  const named = surges
    .map((surge) => ({ ...surge, topic: label(surge.topicId) }))
    .sort((a, b) => b.surge - a.surge || b.recent - a.recent || a.topic.localeCompare(b.topic))
  const summary = summarizeIntent(named, cells, windows, asOf, config)

  const intent: AccountIntent = {
    asOf,
    topics: named,
    intent: {
      surgingTopics: summary.surgingTopics.map(label),
      breadth: summary.breadth,
      momentum: summary.momentum,
      engagement: summary.engagement,
      lastSignalAt,
    },
  }
  return { intent, account, accountId: id, cells, windows, silent }
}
