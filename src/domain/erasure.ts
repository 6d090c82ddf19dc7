import { createHash } from 'node:crypto'
import { notFound } from '../errors.ts'
import type { Ctx } from './context.ts'

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex')

/**
 * Erases a person: the contact and every signal of theirs; the accounts they were active for
 * have their rollups rebuilt and are rescored. The audit log keeps who, when and a hash of the
 * address — not the address.
 */
export async function eraseContact(
  ctx: Ctx,
  email: string,
  actor: string,
): Promise<{ signals: number }> {
  const erased = await ctx.store.erasure.eraseContact(
    email,
    { actor, targetHash: hashOf(email) },
    ctx.clock.now(),
  )
  if (!erased) throw notFound('That contact')
  return erased
}

/** Erases an account with everything attached: contacts, signals, outcomes, scores, history. */
export async function eraseAccount(ctx: Ctx, domain: string, actor: string) {
  const erased = await ctx.store.erasure.eraseAccount(
    domain,
    { actor, targetHash: hashOf(domain) },
    ctx.clock.now(),
  )
  if (!erased) throw notFound(`The account '${domain}'`)
  return erased
}
