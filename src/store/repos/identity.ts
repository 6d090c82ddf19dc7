import type { Db } from '../db.ts'
import { rollupWriter } from './rollups.ts'
import { dirtyMarker } from './scores.ts'
import { DEFAULT_TOPIC_LIMIT, type TopicLimit, topicCap } from './topic-cap.ts'

/**
 * Find-or-create of accounts, contacts and topics, for use INSIDE a write transaction.
 * A per-transaction cache keeps a batch of 5,000 signals from asking for the same account
 * 5,000 times; it must not outlive the transaction, or a rollback would leave stale ids.
 */
export function identityStatements(db: Db, topicLimit: TopicLimit = DEFAULT_TOPIC_LIMIT) {
  const accountId = db.prepare<[string], { id: number }>('SELECT id FROM accounts WHERE domain = ?')
  const insertAccount = db.prepare<[string, number, number], { id: number }>(
    'INSERT INTO accounts (domain, created_at, updated_at) VALUES (?, ?, ?) RETURNING id',
  )
  const contactRow = db.prepare<[string], { id: number; account_id: number | null }>(
    'SELECT id, account_id FROM contacts WHERE email = ?',
  )
  const insertContact = db.prepare<[string, number | null, number, number], { id: number }>(
    'INSERT INTO contacts (email, account_id, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id',
  )
  const linkContact = db.prepare<[number, number, number]>(
    'UPDATE contacts SET account_id = ?, updated_at = ? WHERE id = ?',
  )
  // A contact first seen without an employer (free mail) keeps its signals on the person;
  // once we learn the employer, those signals start counting for the account.
  const adoptOrphanSignals = db.prepare<
    [number, number],
    {
      id: number
      topic_id: number | null
      occurred_at: number
      type: string
      weight: number | null
    }
  >(
    `UPDATE signals SET account_id = ? WHERE contact_id = ? AND account_id IS NULL
     RETURNING id, topic_id, occurred_at, type, weight`,
  )
  const dropTopic = db.prepare<[number]>('UPDATE signals SET topic_id = NULL WHERE id = ?')
  const beginTopicGate = topicCap(db, topicLimit)
  const addToRollups = rollupWriter(db)
  const markDirty = dirtyMarker(db)
  const topicId = db.prepare<[string], { id: number }>('SELECT id FROM topics WHERE key = ?')
  const insertTopic = db.prepare<[string, string], { id: number }>(
    'INSERT INTO topics (key, label) VALUES (?, ?) RETURNING id',
  )

  // The batch forms: one call for all of a batch's accounts or contacts, found or created.
  const accountsNamed = db.prepare<[string], { id: number; domain: string }>(
    'SELECT id, domain FROM accounts WHERE domain IN (SELECT value FROM json_each(?))',
  )
  const insertAccounts = db.prepare<[number, number, string], { id: number; domain: string }>(
    `INSERT INTO accounts (domain, created_at, updated_at)
     SELECT value, ?, ? FROM json_each(?) RETURNING id, domain`,
  )
  const contactsNamed = db.prepare<
    [string],
    { id: number; email: string; account_id: number | null }
  >('SELECT id, email, account_id FROM contacts WHERE email IN (SELECT value FROM json_each(?))')
  const insertContacts = db.prepare<
    [number, number, string],
    { id: number; email: string; account_id: number | null }
  >(
    `INSERT INTO contacts (email, account_id, created_at, updated_at)
     SELECT value ->> 0, value ->> 1, ?, ? FROM json_each(?) RETURNING id, email, account_id`,
  )

  /**
   * `known`: ids resolved by earlier, committed batches (`identityCache`), read but never
   * written here: this batch's own finds and creations stay in its maps until it commits.
   */
  return function beginResolution(
    now: number,
    known?: {
      accounts: ReadonlyMap<string, number>
      contacts: ReadonlyMap<string, ContactIdentity>
    },
  ) {
    const accounts = new Map<string, number>()
    const contacts = new Map<string, ContactIdentity>()
    // A copy, since linking a contact changes it, and this batch may yet roll back.
    const knownContact = (email: string) => {
      const cached = known?.contacts.get(email)
      return cached === undefined ? undefined : { ...cached }
    }
    const topics = new Map<string, number>()
    const gate = beginTopicGate()
    /** Signals stored without their topic for the topic limit, per account. */
    const capped = new Map<number, number>()
    const noteCapped = (accountId: number) =>
      capped.set(accountId, (capped.get(accountId) ?? 0) + 1)

    function account(domain: string): number {
      let id = accounts.get(domain)
      if (id === undefined) {
        id =
          known?.accounts.get(domain) ??
          (accountId.get(domain) ?? insertAccount.get(domain, now, now)!).id
        accounts.set(domain, id)
      }
      return id
    }

    function linkToAccount(contact: { id: number; accountId: number | null }, id: number): void {
      linkContact.run(id, now, contact.id)
      const adopted = adoptOrphanSignals.all(id, contact.id)
      // Signals sent before the person had an account meet the account's topic limit now.
      for (const row of adopted) {
        if (row.topic_id === null) continue
        if (gate.allows(id, row.topic_id, row.occurred_at)) {
          gate.admit(id, row.topic_id, row.occurred_at)
        } else {
          dropTopic.run(row.id)
          row.topic_id = null
          noteCapped(id)
        }
      }
      addToRollups(
        adopted.map((row) => ({
          accountId: id,
          topicId: row.topic_id,
          occurredAt: row.occurred_at,
          type: row.type,
          contactId: contact.id,
          weight: row.weight,
        })),
      )
      if (adopted.length > 0) markDirty([id], now)
      contact.accountId = id
    }

    /** The contact, created if new; an unlinked contact is linked to `employer` when one is known. */
    function contact(
      email: string,
      employer: string | null,
    ): { id: number; accountId: number | null } {
      let found = contacts.get(email) ?? knownContact(email)
      if (found !== undefined) contacts.set(email, found)
      else {
        const row = contactRow.get(email)
        found = row
          ? { id: row.id, accountId: row.account_id }
          : (() => {
              const employerId = employer === null ? null : account(employer)
              return {
                id: insertContact.get(email, employerId, now, now)!.id,
                accountId: employerId,
              }
            })()
        contacts.set(email, found)
      }
      if (found.accountId === null && employer !== null) linkToAccount(found, account(employer))
      return found
    }

    function topic(key: string, label: string): number {
      let id = topics.get(key)
      if (id === undefined) {
        id = (topicId.get(key) ?? insertTopic.get(key, label)!).id
        topics.set(key, id)
      }
      return id
    }

    /**
     * The topic of a signal of `accountId` (null: a person without an account yet), within the
     * account's topic limit; past it null (the caller counts it with `noteCapped` once the
     * signal is stored), and a topic new to the service is not even created.
     */
    function signalTopic(
      accountId: number | null,
      key: string,
      label: string,
      occurredAt: number,
    ): number | null {
      if (accountId === null) return topic(key, label)
      const known = topics.get(key) ?? topicId.get(key)?.id ?? null
      if (!gate.allows(accountId, known, occurredAt)) return null
      const id = known ?? topic(key, label)
      gate.admit(accountId, id, occurredAt)
      return id
    }

    /**
     * Finds or creates, in a few statements, what `account` and `contact` would one by one: the
     * accounts named, the contacts named, and the employers of the contacts that are new (or
     * known but not yet linked, which `contact` links). `contact` and `account` then answer from
     * memory. Creation follows the order of first mention, as one-by-one calls would.
     */
    function prefetch(names: {
      accounts: Iterable<string>
      contacts: Iterable<{ email: string; employer: string | null }>
    }): void {
      const emails = new Map<string, string | null>()
      for (const { email, employer } of names.contacts) {
        if (contacts.has(email) || emails.has(email)) continue
        const cached = knownContact(email)
        if (cached !== undefined) contacts.set(email, cached)
        emails.set(email, employer)
      }
      const unknown = [...emails.keys()].filter((email) => !contacts.has(email))
      if (unknown.length > 0) {
        for (const row of contactsNamed.all(JSON.stringify(unknown)))
          contacts.set(row.email, { id: row.id, accountId: row.account_id })
      }
      const domains = new Set<string>()
      const wants = (domain: string) => {
        if (accounts.has(domain)) return
        const cached = known?.accounts.get(domain)
        if (cached !== undefined) accounts.set(domain, cached)
        else domains.add(domain)
      }
      for (const domain of names.accounts) wants(domain)
      for (const [email, employer] of emails) {
        const found = contacts.get(email)
        if (employer !== null && (found === undefined || found.accountId === null)) wants(employer)
      }
      if (domains.size > 0) {
        for (const row of accountsNamed.all(JSON.stringify([...domains])))
          accounts.set(row.domain, row.id)
        const missing = [...domains].filter((domain) => !accounts.has(domain))
        if (missing.length > 0)
          for (const row of insertAccounts.all(now, now, JSON.stringify(missing)))
            accounts.set(row.domain, row.id)
      }
      const newContacts: [string, number | null][] = []
      for (const [email, employer] of emails)
        if (!contacts.has(email))
          newContacts.push([email, employer === null ? null : accounts.get(employer)!])
      if (newContacts.length > 0) {
        for (const row of insertContacts.all(now, now, JSON.stringify(newContacts)))
          contacts.set(row.email, { id: row.id, accountId: row.account_id })
      }
    }

    return {
      prefetch,
      gate,
      /** What this batch found or created: for `identityCache.learn` once it committed. */
      resolved: () => ({ accounts, contacts }) as const,
      account,
      contact,
      topic,
      signalTopic,
      linkToAccount,
      noteCapped,
      capped: (): ReadonlyMap<number, number> => capped,
    }
  }
}

export type Resolution = ReturnType<ReturnType<typeof identityStatements>>

/** A contact as resolution knows it: its id and the account it counts for (null: none yet). */
export interface ContactIdentity {
  id: number
  accountId: number | null
}

const IDENTITY_CACHE_LIMIT = 100_000

/**
 * The ids of accounts and contacts that ingest already resolved, kept across batches: a
 * service's traffic names the same accounts and people all day, and finding each again costs
 * more than storing its signal. It is only as good as its checks, so it empties itself when
 * anything could have made an id wrong: another connection committed (`PRAGMA data_version`:
 * a CLI import, an erasure or a batch in another process), or this process erased someone or
 * changed a contact's account (`changed`, called by those writers inside their transactions).
 * What a batch learned joins it only once the batch committed (`learn`), and only if nothing
 * changed meanwhile, so a rolled-back batch leaves no id behind. Made per store, never shared.
 */
export function identityCache(db: Db) {
  const accounts = new Map<string, number>()
  const contacts = new Map<string, ContactIdentity>()
  let dataVersion = -1
  let epoch = 0
  let checkedEpoch = 0
  const clear = () => {
    accounts.clear()
    contacts.clear()
  }
  return {
    /** Inside a write transaction: the cache, valid for it; its epoch goes to `learn`. */
    open() {
      const version = db.pragma('data_version', { simple: true }) as number
      if (version !== dataVersion || epoch !== checkedEpoch) {
        clear()
        dataVersion = version
        checkedEpoch = epoch
      }
      return { accounts, contacts, epoch }
    },
    /** An erasure or a relink in this process: ids may be wrong from now on. */
    changed(): void {
      epoch += 1
    },
    /** After a batch opened at `at` committed: what it resolved. */
    learn(
      at: number,
      learned: {
        accounts: ReadonlyMap<string, number>
        contacts: ReadonlyMap<string, ContactIdentity>
      },
    ): void {
      if (at !== epoch) return
      if (accounts.size + contacts.size > IDENTITY_CACHE_LIMIT) clear()
      for (const [domain, id] of learned.accounts) accounts.set(domain, id)
      for (const [email, contact] of learned.contacts) contacts.set(email, { ...contact })
    },
  }
}

export type IdentityCache = ReturnType<typeof identityCache>
