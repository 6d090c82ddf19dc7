import { notFound } from '../errors.ts'
import type { NormalizedEmail } from '../ingest/identity.ts'
import type { ContactInput } from '../ingest/schemas.ts'
import type { Ctx } from './context.ts'
import type { Contact } from './model.ts'

export async function putContact(
  ctx: Ctx,
  email: NormalizedEmail,
  input: ContactInput,
): Promise<{ contact: Contact; created: boolean }> {
  return ctx.store.contacts.upsert(email.email, email.accountDomain, input, ctx.clock.now())
}

export async function getContact(ctx: Ctx, email: NormalizedEmail): Promise<Contact> {
  const contact = await ctx.store.contacts.get(email.email)
  if (!contact) throw notFound(`The contact '${email.email}'`)
  return contact
}
