import { notFound } from '../errors.ts'
import type { NormalizedEmail } from '../ingest/identity.ts'
import type { ContactInput } from '../ingest/schemas.ts'
import type { Ctx } from './context.ts'
import { suppressedError, suppressionHashes } from './suppressions.ts'
import type { Contact } from '../records.ts'

/**
 * Creates or updates a contact; answers `suppressed` when the person, their e-mail's domain or
 * the account it names was erased.
 */
export async function putContact(
  ctx: Ctx,
  email: NormalizedEmail,
  input: ContactInput,
): Promise<{ contact: Contact; created: boolean; changed: boolean }> {
  const guard = suppressionHashes(ctx, { contact: email, accounts: [input.account] })
  const put = await ctx.store.contacts.upsert(
    email.email,
    email.accountDomain,
    input,
    ctx.clock.now(),
    guard,
  )
  if (put === null) throw suppressedError()
  return put
}

export async function getContact(ctx: Ctx, email: NormalizedEmail): Promise<Contact> {
  const contact = await ctx.store.contacts.get(email.email)
  if (!contact) throw notFound(`The contact '${email.email}'`)
  return contact
}
