import type { Ctx } from './context.ts'
import type { LeaderboardFilter } from './leaderboard-filter.ts'

/** Accounts by stored score, highest first, filtered; keyset-paged by (score, domain). */
export async function leaderboard(
  ctx: Ctx,
  filters: LeaderboardFilter,
  after: { score: number; domain: string } | undefined,
  limit: number,
) {
  const rows = await ctx.store.scores.leaderboard({ ...filters, after, limit: limit + 1 })
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items,
    next: rows.length > limit && last ? { score: last.score, domain: last.domain } : null,
  }
}
