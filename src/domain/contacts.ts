import { notFound } from '../errors.ts'
import type { NormalizedEmail } from '../ingest/identity.ts'
import type { ContactBatchItem, ContactInput } from '../ingest/schemas.ts'
import { countUpserts, type UpsertCounts } from './accounts.ts'
import type { Ctx } from './context.ts'
import { suppressedError, suppressedItemsError, suppressionHashes } from './suppressions.ts'
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

/**
 * `putContact` for many contacts in one transaction, all or nothing: with any of them naming
 * an erased person or account, nothing is written and every such item is named.
 */
export async function putContacts(ctx: Ctx, items: ContactBatchItem[]): Promise<UpsertCounts> {
  const memo = new Map<string, Buffer>()
  const put = await ctx.store.contacts.upsertMany(
    items.map(({ email, ...patch }) => ({
      email: email.email,
      derivedAccount: email.accountDomain,
      patch,
      guard: suppressionHashes(ctx, { contact: email, accounts: [patch.account] }, memo),
    })),
    ctx.clock.now(),
  )
  if ('suppressed' in put) throw suppressedItemsError('contacts', put.suppressed, 'email')
  return countUpserts(put.written)
}

export async function getContact(ctx: Ctx, email: NormalizedEmail): Promise<Contact> {
  const contact = await ctx.store.contacts.get(email.email)
  if (!contact) throw notFound(`The contact '${email.email}'`)
  return contact
}
