import { notFound } from '../errors.ts'
import type { Ctx } from './context.ts'
import { identityHash } from './suppressions.ts'

/**
 * Erases a person: the contact and every signal of theirs; the accounts they were active for
 * have their rollups rebuilt and are rescored. The address is suppressed, so later input naming
 * it is dropped; the audit log keeps who, when and the keyed hash of the address — not the
 * address.
 */
export async function eraseContact(
  ctx: Ctx,
  email: string,
  actor: string,
): Promise<{ signals: number }> {
  const hash = identityHash(ctx, 'contact', email)
  const erased = await ctx.store.erasure.eraseContact(email, { actor, hash }, ctx.clock.now())
  if (!erased) throw notFound('That contact')
  return erased
}

/**
 * Erases an account with everything attached: contacts, signals, outcomes, scores, history and
 * the notifications queued about it. The domain and the address of every contact erased with
 * it are suppressed.
 */
export async function eraseAccount(ctx: Ctx, domain: string, actor: string) {
  const erased = await ctx.store.erasure.eraseAccount(
    domain,
    { actor, hash: identityHash(ctx, 'account', domain) },
    (email) => identityHash(ctx, 'contact', email),
    ctx.clock.now(),
  )
  if (!erased) throw notFound(`The account '${domain}'`)
  return erased
}
