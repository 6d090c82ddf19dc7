import type { Contact, ContactPatch } from '../../../records.ts'
import type { UpsertOutcome } from '../../repos/accounts.ts'
import {
  type ContactRow,
  type ContactsRepo,
  type ContactUpsert,
  toContact,
} from '../../repos/contacts.ts'
import type { TopicLimit } from '../../repos/topic-cap.ts'
import type { PgDb, Queryable, Row } from '../client.ts'
import { type PgIdentityCache, pgIdentityStatements, sharedErasureLock } from './identity.ts'
import { identitiesChanged, isSuppressed, markDirty, suppressedAmong } from './in-transaction.ts'

const BY_EMAIL = `SELECT c.email, a.domain AS account, c.name, c.title, c.function_override,
  c.seniority_override, c.created_at, c.updated_at
  FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id WHERE c.email = $1`

/**
 * SQLite's contacts repository on PostgreSQL. An upsert reads the contact FOR UPDATE (creating
 * it first, ON CONFLICT DO NOTHING, when new), so two replicas patching one contact apply one
 * after the other and neither patch is lost.
 */
export function pgContactsRepo(
  db: PgDb,
  topicLimit: TopicLimit,
  _identities: PgIdentityCache,
): ContactsRepo {
  const beginResolution = pgIdentityStatements(topicLimit)

  const write = async (
    q: Queryable,
    email: string,
    derivedAccount: string | null,
    patch: ContactPatch,
    now: number,
  ): Promise<UpsertOutcome> => {
    const lockedRow = () => q.one<ContactRow & Row>(`${BY_EMAIL} FOR UPDATE OF c`, [email])
    let existing = await lockedRow()
    let created = false
    if (existing === undefined) {
      // As SQLite's resolve.contact(email, null): a new contact starts without an account.
      created =
        (await q.run(
          `INSERT INTO contacts (email, account_id, created_at, updated_at) VALUES ($1, NULL, $2, $2)
           ON CONFLICT (email) DO NOTHING`,
          [email, now],
        )) === 1
      if (!created) existing = await lockedRow() // another replica created it meanwhile
    }
    const resolve = beginResolution(q, now)
    const target =
      patch.account !== undefined ? patch.account : existing ? undefined : derivedAccount
    const contact = await resolve.contact(email, null)
    let accountId = contact.accountId
    if (target === null) accountId = null
    else if (target !== undefined) accountId = await resolve.account(target)
    const before = [
      existing?.name ?? null,
      existing?.title ?? null,
      existing?.function_override ?? null,
      existing?.seniority_override ?? null,
    ] as const
    const after = [
      patch.name !== undefined ? patch.name : before[0],
      patch.title !== undefined ? patch.title : before[1],
      patch.function !== undefined ? patch.function : before[2],
      patch.seniority !== undefined ? patch.seniority : before[3],
    ] as const
    await q.run(
      `UPDATE contacts SET name = $1, title = $2, function_override = $3, seniority_override = $4,
         account_id = $5, updated_at = $6 WHERE email = $7`,
      [...after, accountId, now, email],
    )
    const previous = contact.accountId
    // Ingest (any replica) may hold this contact's account: a move makes it wrong.
    if (accountId !== previous) await identitiesChanged(q)
    const changed =
      existing === undefined ||
      accountId !== previous ||
      after.some((value, i) => value !== before[i])
    if (accountId !== null && accountId !== previous)
      await resolve.linkToAccount(contact, accountId)
    await markDirty(
      q,
      [previous, accountId].filter((id): id is number => id !== null),
      now,
    )
    return { created: existing === undefined, changed }
  }

  return {
    async upsert(
      email: string,
      derivedAccount: string | null,
      patch: ContactPatch,
      now: number,
      guard: Buffer[] = [],
    ): Promise<{ contact: Contact; created: boolean; changed: boolean } | null> {
      return db.tx(async (q) => {
        await sharedErasureLock(q)
        if (await isSuppressed(q, guard)) return null
        const { created, changed } = await write(q, email, derivedAccount, patch, now)
        const row = await q.one<ContactRow & Row>(BY_EMAIL, [email])
        return { contact: toContact(row!), created, changed }
      })
    },

    async upsertMany(
      items: ContactUpsert[],
      now: number,
    ): Promise<{ suppressed: number[] } | { written: UpsertOutcome[] }> {
      return db.tx(async (q) => {
        await sharedErasureLock(q)
        const hit = await suppressedHashes(q, items)
        const suppressed = items.flatMap((item, index) =>
          item.guard.some((hash) => hit.has(hash.toString('hex'))) ? [index] : [],
        )
        if (suppressed.length > 0) return { suppressed }
        const written: UpsertOutcome[] = []
        for (const item of items)
          written.push(await write(q, item.email, item.derivedAccount, item.patch, now))
        return { written }
      })
    },

    async get(email: string): Promise<Contact | null> {
      const row = await db.one<ContactRow & Row>(BY_EMAIL, [email])
      return row ? toContact(row) : null
    },
  }
}

async function suppressedHashes(q: Queryable, items: ContactUpsert[]) {
  return suppressedAmong(
    q,
    items.flatMap((item) => item.guard),
  )
}
