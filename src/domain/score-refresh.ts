import type { Ctx } from './context.ts'
import { scoreAccount } from './in-market.ts'
import { storeScores } from './score-writes.ts'
import { yieldToEventLoop } from '../event-loop.ts'

/** Rescores up to `limit` dirty accounts, oldest mark first, as of one instant; returns how many. */
export async function refreshDirtyScores(ctx: Ctx, limit: number): Promise<number> {
  const batch = await ctx.store.scores.dirty(limit)
  const startedAt = ctx.clock.now()
  const scored = []
  for (const [index, { accountId, domain }] of batch.entries()) {
    scored.push({ accountId, domain, scored: await scoreAccount(ctx, domain, startedAt) })
    // Scoring is synchronous work: let waiting requests in every few accounts, or a batch of
    // 200 would hold look-ups for a second.
    if (index % 4 === 3) await yieldToEventLoop()
  }
  await storeScores(ctx, scored, startedAt)
  return batch.length
}
