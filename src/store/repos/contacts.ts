import type { Contact, ContactPatch } from '../../records.ts'
import type { Db } from '../db.ts'
import type { UpsertOutcome } from './accounts.ts'
import { type IdentityCache, identityStatements } from './identity.ts'
import { dirtyMarker } from './scores.ts'
import { suppressionCheck } from './suppressions.ts'
import { DEFAULT_TOPIC_LIMIT, type TopicLimit } from './topic-cap.ts'

/** One item of a bulk upsert: `upsert`'s arguments, its `guard` the hashes it is refused for. */
export interface ContactUpsert {
  email: string
  derivedAccount: string | null
  patch: ContactPatch
  guard: Buffer[]
}

export interface ContactRow {
  email: string
  account: string | null
  name: string | null
  title: string | null
  function_override: string | null
  seniority_override: string | null
  created_at: number
  updated_at: number
}

export function toContact(row: ContactRow): Contact {
  return {
    email: row.email,
    account: row.account,
    name: row.name,
    title: row.title,
    functionOverride: row.function_override,
    seniorityOverride: row.seniority_override,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** `identities`: ingest's cache of ids, told when a contact may change account. */
export function contactsRepo(
  db: Db,
  topicLimit: TopicLimit = DEFAULT_TOPIC_LIMIT,
  identities?: IdentityCache,
) {
  const byEmail = db.prepare<[string], ContactRow>(
    `SELECT c.email, a.domain AS account, c.name, c.title, c.function_override, c.seniority_override, c.created_at, c.updated_at
     FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id WHERE c.email = ?`,
  )
  const update = db.prepare<
    [string | null, string | null, string | null, string | null, number | null, number, string]
  >(
    `UPDATE contacts SET name = ?, title = ?, function_override = ?, seniority_override = ?, account_id = ?, updated_at = ?
     WHERE email = ?`,
  )
  const beginResolution = identityStatements(db, topicLimit)
  const markDirty = dirtyMarker(db)

  const isSuppressed = suppressionCheck(db)
  /** One contact's upsert, inside the caller's transaction. */
  const write = (
    email: string,
    derivedAccount: string | null,
    patch: ContactPatch,
    now: number,
  ) => {
    const existing = byEmail.get(email)
    const resolve = beginResolution(now)
    // An explicit account wins; a new contact otherwise takes its e-mail's employer.
    const target =
      patch.account !== undefined ? patch.account : existing ? undefined : derivedAccount
    const contact = resolve.contact(email, null)
    let accountId = contact.accountId
    if (target === null) accountId = null
    else if (target !== undefined) accountId = resolve.account(target)
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
    update.run(...after, accountId, now, email)
    const previous = contact.accountId
    // Ingest may hold this contact's account: a move makes it wrong.
    if (accountId !== previous) identities?.changed()
    // A rerun of the same import changes nothing; its caller reports "already there".
    const changed =
      existing === undefined ||
      accountId !== previous ||
      after.some((value, i) => value !== before[i])
    if (accountId !== null && accountId !== previous) resolve.linkToAccount(contact, accountId)
    // A new title can change who counts as senior; a move changes both accounts' people.
    markDirty(
      [previous, accountId].filter((id): id is number => id !== null),
      now,
    )
    return { created: existing === undefined, changed }
  }
  const upsertTx = db.transaction(
    (
      email: string,
      derivedAccount: string | null,
      patch: ContactPatch,
      now: number,
      guard: Buffer[],
    ) => {
      if (isSuppressed(guard)) return null
      const { created, changed } = write(email, derivedAccount, patch, now)
      return { contact: toContact(byEmail.get(email)!), created, changed }
    },
  )
  // As for accounts: suppressions decided inside the transaction, before any write.
  const upsertManyTx = db.transaction((items: ContactUpsert[], now: number) => {
    const suppressed = items.flatMap((item, index) => (isSuppressed(item.guard) ? [index] : []))
    if (suppressed.length > 0) return { suppressed }
    return {
      written: items.map((item) => write(item.email, item.derivedAccount, item.patch, now)),
    }
  })

  return {
    /** Creates or updates a contact; null, writing nothing, when `guard` holds a suppressed hash. */
    async upsert(
      email: string,
      derivedAccount: string | null,
      patch: ContactPatch,
      now: number,
      guard: Buffer[] = [],
    ): Promise<{ contact: Contact; created: boolean; changed: boolean } | null> {
      return upsertTx.immediate(email, derivedAccount, patch, now, guard)
    },

    /**
     * Creates or updates many contacts in one transaction, all or none: the indexes of the items
     * whose `guard` holds a suppressed hash, writing nothing, or whether each was created or changed.
     */
    async upsertMany(
      items: ContactUpsert[],
      now: number,
    ): Promise<{ suppressed: number[] } | { written: UpsertOutcome[] }> {
      return upsertManyTx.immediate(items, now)
    },

    async get(email: string): Promise<Contact | null> {
      const row = byEmail.get(email)
      return row ? toContact(row) : null
    },
  }
}

export type ContactsRepo = ReturnType<typeof contactsRepo>
