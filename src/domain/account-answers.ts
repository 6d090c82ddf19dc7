import type { Account } from '../records.ts'
import type { Bytes } from './answer-cache.ts'
import { findAccounts } from './accounts.ts'
import type { Ctx } from './context.ts'
import { answerVersion, currentScore, servableUntil, servedVersion } from './scores.ts'
import type { ScoredView } from './score-view.ts'

/** Turns an account and its current score into the bytes a look-up serves (the edge's presenter). */
export type PresentAnswer = (account: Account, view: ScoredView) => Promise<string>

/**
 * An account's current look-up answer, from the answer cache in three steps of cost:
 * - while nothing was written to the database since the cached answer was last checked (its
 *   change mark is the current one) and its score is not too old to serve, the cached bytes
 *   as they are: no row is read;
 * - else, when the stored score's version (and the taxonomy's) is still the cached answer's,
 *   the cached bytes, after two one-row reads;
 * - else the answer built from the account and its current score, and cached.
 * Every rule of what may be served stays in `servedVersion` and `currentScore`.
 */
export async function currentAnswer(
  ctx: Ctx,
  domain: string,
  present: PresentAnswer,
): Promise<Bytes> {
  const answers = ctx.caches.answers
  // Read before anything is checked: a write that lands while this look-up runs moves the
  // mark past this one, so what is validated below never stands longer than it should.
  const mark = await ctx.store.changes.mark()
  const standing = answers.standing(domain, mark, ctx.clock.now())
  if (standing !== undefined) return standing
  // Topics carry their taxonomy category: a new taxonomy is a new answer.
  const taxonomy = (await ctx.taxonomy.refresh()).version
  const served = await servedVersion(ctx, domain)
  const cached =
    served === null
      ? undefined
      : answers.get(domain, `${served.version}|${taxonomy}`, { mark, until: served.until })
  if (cached !== undefined) return cached
  const [account] = await findAccounts(ctx, [domain])
  const view = await currentScore(ctx, domain)
  const body = new TextEncoder().encode(await present(account!, view))
  // Filed under the version it was built from, which may be newer than the one checked.
  answers.set(
    domain,
    `${answerVersion(view.computedAt, view.inMarket.model, account!.updatedAt)}|${taxonomy}`,
    body,
    { mark, until: servableUntil(view.computedAt) },
  )
  return body
}
