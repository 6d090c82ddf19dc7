import { notFound } from '../errors.ts'
import type { AccountBatchItem, AccountInput } from '../ingest/schemas.ts'
import type { UpsertOutcome } from '../store/repos/accounts.ts'
import type { Ctx } from './context.ts'
import { segmentEventsFor } from './segment-events.ts'
import { suppressedError, suppressedItemsError, suppressionHashes } from './suppressions.ts'
import type { Account, AccountStats, Page } from '../records.ts'

/**
 * Creates or updates an account, moving it into or out of segments by its new firmographics;
 * an erased (suppressed) one answers `suppressed`.
 */
export async function putAccount(
  ctx: Ctx,
  domain: string,
  input: AccountInput,
): Promise<{ account: Account; created: boolean; changed: boolean }> {
  const guard = suppressionHashes(ctx, { accounts: [domain] })
  const now = ctx.clock.now()
  const events = segmentEventsFor(await ctx.store.outbox.subscriptions(), now)
  const put = await ctx.store.accounts.upsert(domain, input, now, guard, events)
  if (put === null) throw suppressedError()
  return put
}

/** What a bulk upsert did, item by item, as the API answers it. */
export interface UpsertCounts {
  created: number
  updated: number
  unchanged: number
}

export function countUpserts(outcomes: UpsertOutcome[]): UpsertCounts {
  const counts = { created: 0, updated: 0, unchanged: 0 }
  for (const { created, changed } of outcomes) {
    if (created) counts.created++
    else if (changed) counts.updated++
    else counts.unchanged++
  }
  return counts
}

/**
 * `putAccount` for many accounts in one transaction, all or nothing (segments moved alike): with any of them erased
 * (suppressed), nothing is written and every such item is named.
 */
export async function putAccounts(ctx: Ctx, items: AccountBatchItem[]): Promise<UpsertCounts> {
  const memo = new Map<string, Buffer>()
  const now = ctx.clock.now()
  const put = await ctx.store.accounts.upsertMany(
    items.map(({ domain, ...patch }) => ({
      domain,
      patch,
      guard: suppressionHashes(ctx, { accounts: [domain] }, memo),
    })),
    now,
    segmentEventsFor(await ctx.store.outbox.subscriptions(), now),
  )
  if ('suppressed' in put) throw suppressedItemsError('accounts', put.suppressed, 'domain')
  return countUpserts(put.written)
}

export async function getAccount(
  ctx: Ctx,
  domain: string,
): Promise<Account & { stats: AccountStats }> {
  const account = await ctx.store.accounts.get(domain)
  if (!account) throw notFound(`The account '${domain}'`)
  return account
}

export async function listAccounts(
  ctx: Ctx,
  after: string | null,
  limit: number,
): Promise<Page<Account>> {
  return ctx.store.accounts.list(after, limit)
}

/** Firmographics of known accounts, in the order asked (for lists that already hold the domains). */
export async function countAccounts(ctx: Ctx): Promise<number> {
  return ctx.store.accounts.count()
}

export async function findAccounts(ctx: Ctx, domains: string[]): Promise<Account[]> {
  const found = await Promise.all(domains.map((domain) => ctx.store.accounts.find(domain)))
  return found.map((account, i) => {
    if (!account) throw notFound(`The account '${domains[i]}'`)
    return account
  })
}
