import { notFound } from '../errors.ts'
import type { AccountInput } from '../ingest/schemas.ts'
import type { Ctx } from './context.ts'
import { segmentEventsFor } from './segment-events.ts'
import { suppressedError, suppressionHashes } from './suppressions.ts'
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
