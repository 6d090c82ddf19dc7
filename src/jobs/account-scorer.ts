import type { PageEntry } from '../domain/batch-scoring.ts'
import type { Ctx } from '../domain/context.ts'
import { scoreAccount } from '../domain/in-market.ts'
import { quietScoreKey } from '../domain/quiet-scores.ts'
import type { InMarketModel } from '../scoring/model.ts'
import { type ScoredAccount, scoredAccount } from './score-rows.ts'

/**
 * Distinct quiet scores a run remembers: one per fit and firmographic term values, so a few
 * for most models and books; a model with a numeric attribute term could make one per
 * account, and the table is then started afresh rather than grown without bound.
 */
const MAX_REMEMBERED = 1_000

/**
 * Scores the accounts of one batch run (one thread's share of it). Quiet accounts with the
 * same inputs (`quietScoreKey`) share one computed score and one serialized stored document:
 * in a real book most accounts are quiet, and their scores are otherwise computed and
 * serialized over and over to the same bytes.
 */
export function accountScorer(
  ctx: Ctx,
  asOf: number,
  model: InMarketModel,
): (entry: PageEntry) => Promise<ScoredAccount> {
  const quiet = new Map<string, ScoredAccount>()
  const score = async (entry: PageEntry) =>
    scoredAccount(entry, await scoreAccount(ctx, entry.account.domain, asOf, model, entry), asOf)
  return async (entry) => {
    if (!entry.quiet) return score(entry)
    const key = quietScoreKey(ctx, model, entry.account)
    const known = quiet.get(key)
    if (known) return sharing(known, entry)
    const scored = await score(entry)
    if (quiet.size >= MAX_REMEMBERED) quiet.clear()
    quiet.set(key, scored)
    return scored
  }
}

/** Another account's copy of a quiet score: the same row and stored document but for the account. */
function sharing(known: ScoredAccount, entry: PageEntry): ScoredAccount {
  const { domain } = entry.account
  return {
    row: { ...known.row, domain },
    write: { domain, score: { ...known.write.score, accountId: entry.id } },
  }
}
