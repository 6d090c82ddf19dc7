import { DEFAULT_TOPIC_LIMIT, type TopicLimit } from '../../repos/topic-cap.ts'
import type { ContactIdentity } from '../../repos/identity.ts'
import type { PgDb, Queryable } from '../client.ts'
import { identitiesVersion, markDirty } from './in-transaction.ts'
import { addToRollups } from './rollups.ts'
import { pgTopicCap } from './topic-cap.ts'

/**
 * SQLite's identityStatements on PostgreSQL: find-or-create of accounts, contacts and topics
 * inside the caller's transaction. Creation is `INSERT … ON CONFLICT DO NOTHING` then a read,
 * so two replicas creating the same account, contact or topic both succeed with one row.
 */
export function pgIdentityStatements(topicLimit: TopicLimit = DEFAULT_TOPIC_LIMIT) {
  const beginTopicGate = pgTopicCap(topicLimit)

  return function beginResolution(
    q: Queryable,
    now: number,
    known?: {
      accounts: ReadonlyMap<string, number>
      contacts: ReadonlyMap<string, ContactIdentity>
    },
  ) {
    const accounts = new Map<string, number>()
    const contacts = new Map<string, ContactIdentity>()
    const knownContact = (email: string) => {
      const cached = known?.contacts.get(email)
      return cached === undefined ? undefined : { ...cached }
    }
    const topics = new Map<string, number>()
    /** Topic keys read and found absent (prefetchTopics): no need to ask again. */
    const absentTopics = new Set<string>()
    const gate = beginTopicGate(q)
    const capped = new Map<number, number>()
    const noteCapped = (accountId: number) =>
      capped.set(accountId, (capped.get(accountId) ?? 0) + 1)

    /** Accounts by domain, created (in the order given) when missing. */
    async function ensureAccounts(domains: string[]) {
      if (domains.length === 0) return
      const inserted = await q.query<{ id: number; domain: string }>(
        `INSERT INTO accounts (domain, created_at, updated_at)
         SELECT d, $2, $2 FROM unnest($1::text[]) WITH ORDINALITY AS u(d, n) ORDER BY n
         ON CONFLICT (domain) DO NOTHING RETURNING id, domain`,
        [domains, now],
      )
      for (const row of inserted) accounts.set(row.domain, row.id)
      const raced = domains.filter((domain) => !accounts.has(domain))
      if (raced.length > 0) {
        const rows = await q.query<{ id: number; domain: string }>(
          'SELECT id, domain FROM accounts WHERE domain = ANY($1::text[])',
          [raced],
        )
        for (const row of rows) accounts.set(row.domain, row.id)
      }
    }

    async function account(domain: string): Promise<number> {
      let id = accounts.get(domain) ?? known?.accounts.get(domain)
      if (id === undefined) {
        const row = await q.one<{ id: number }>('SELECT id FROM accounts WHERE domain = $1', [
          domain,
        ])
        if (row) id = row.id
        else {
          await ensureAccounts([domain])
          id = accounts.get(domain)!
        }
      }
      accounts.set(domain, id)
      return id
    }

    /** Contacts created (in the order given) when missing; found ones read. */
    async function ensureContacts(wanted: [string, number | null][]) {
      if (wanted.length === 0) return
      const inserted = await q.query<{ id: number; email: string; account_id: number | null }>(
        `INSERT INTO contacts (email, account_id, created_at, updated_at)
         SELECT e, a, $3, $3 FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS u(e, a, n) ORDER BY n
         ON CONFLICT (email) DO NOTHING RETURNING id, email, account_id`,
        [wanted.map((w) => w[0]), wanted.map((w) => w[1]), now],
      )
      for (const row of inserted) contacts.set(row.email, { id: row.id, accountId: row.account_id })
      const raced = wanted.map((w) => w[0]).filter((email) => !contacts.has(email))
      if (raced.length > 0) await readContacts(raced)
    }

    async function readContacts(emails: string[]) {
      const rows = await q.query<{ id: number; email: string; account_id: number | null }>(
        'SELECT id, email, account_id FROM contacts WHERE email = ANY($1::text[])',
        [emails],
      )
      for (const row of rows) contacts.set(row.email, { id: row.id, accountId: row.account_id })
    }

    async function linkToAccount(
      contact: { id: number; accountId: number | null },
      id: number,
    ): Promise<void> {
      await q.run('UPDATE contacts SET account_id = $1, updated_at = $2 WHERE id = $3', [
        id,
        now,
        contact.id,
      ])
      // The row lock of each signal makes only one of two racing replicas adopt it.
      const adopted = await q.query<{
        id: number
        topic_id: number | null
        occurred_at: number
        type: string
        weight: number | null
      }>(
        `UPDATE signals SET account_id = $1 WHERE contact_id = $2 AND account_id IS NULL
         RETURNING id, topic_id, occurred_at, type, weight`,
        [id, contact.id],
      )
      adopted.sort((a, b) => a.id - b.id) // RETURNING has no order; SQLite's walks the rowids
      const dropped: number[] = []
      for (const row of adopted) {
        if (row.topic_id === null) continue
        if (await gate.allows(id, row.topic_id, row.occurred_at)) {
          await gate.admit(id, row.topic_id, row.occurred_at)
        } else {
          dropped.push(row.id)
          row.topic_id = null
          noteCapped(id)
        }
      }
      if (dropped.length > 0)
        await q.run('UPDATE signals SET topic_id = NULL WHERE id = ANY($1::bigint[])', [dropped])
      await addToRollups(
        q,
        adopted.map((row) => ({
          accountId: id,
          topicId: row.topic_id,
          occurredAt: row.occurred_at,
          type: row.type,
          contactId: contact.id,
          weight: row.weight,
        })),
      )
      if (adopted.length > 0) await markDirty(q, [id], now)
      contact.accountId = id
    }

    async function contact(
      email: string,
      employer: string | null,
    ): Promise<{ id: number; accountId: number | null }> {
      let found = contacts.get(email) ?? knownContact(email)
      if (found === undefined) {
        await readContacts([email])
        if (!contacts.has(email)) {
          const employerId = employer === null ? null : await account(employer)
          await ensureContacts([[email, employerId]])
        }
        found = contacts.get(email)!
      }
      contacts.set(email, found)
      if (found.accountId === null && employer !== null)
        await linkToAccount(found, await account(employer))
      return found
    }

    async function topic(key: string, label: string): Promise<number> {
      let id = topics.get(key)
      if (id === undefined) {
        const created = await q.one<{ id: number }>(
          'INSERT INTO topics (key, label) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING id',
          [key, label],
        )
        id =
          created?.id ??
          (await q.one<{ id: number }>('SELECT id FROM topics WHERE key = $1', [key]))!.id
        topics.set(key, id)
        absentTopics.delete(key)
      }
      return id
    }

    async function existingTopic(key: string): Promise<number | null> {
      const cached = topics.get(key)
      if (cached !== undefined) return cached
      if (absentTopics.has(key)) return null
      const row = await q.one<{ id: number }>('SELECT id FROM topics WHERE key = $1', [key])
      if (row) topics.set(key, row.id)
      return row?.id ?? null
    }

    /** Reads the ids of the topics a batch names in one statement (absent ones remembered). */
    async function prefetchTopics(keys: Iterable<string>) {
      const wanted = [...new Set(keys)].filter((key) => !topics.has(key) && !absentTopics.has(key))
      if (wanted.length === 0) return
      const rows = await q.query<{ id: number; key: string }>(
        'SELECT id, key FROM topics WHERE key = ANY($1::text[])',
        [wanted],
      )
      for (const row of rows) topics.set(row.key, row.id)
      for (const key of wanted) if (!topics.has(key)) absentTopics.add(key)
    }

    /** Topics new to the service that signalTopic chose, by key: created by `flushTopics`. */
    const pending = new Map<string, { label: string; placeholder: number }>()
    /** A new topic's stand-in id (negative) until `flushTopics` creates them all at once. */
    function deferredTopic(key: string, label: string): number {
      const known = topics.get(key)
      if (known !== undefined) return known
      const placeholder = -(pending.size + 1)
      pending.set(key, { label, placeholder })
      topics.set(key, placeholder)
      return placeholder
    }

    /**
     * Creates, in one statement and in the order they were first chosen (as SQLite's one-by-one
     * creation would number them), the topics signalTopic deferred; returns the ids to use for
     * stand-ins. Call once after the batch's signalTopic calls.
     */
    async function flushTopics(): Promise<(id: number | null) => number | null> {
      const real = new Map<number, number>()
      if (pending.size > 0) {
        const keys = [...pending.keys()]
        const created = await q.query<{ id: number; key: string }>(
          `INSERT INTO topics (key, label)
           SELECT k, l FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(k, l, n) ORDER BY n
           ON CONFLICT (key) DO NOTHING RETURNING id, key`,
          [keys, keys.map((key) => pending.get(key)!.label)],
        )
        const ids = new Map(created.map((row) => [row.key, row.id]))
        const raced = keys.filter((key) => !ids.has(key))
        if (raced.length > 0)
          for (const row of await q.query<{ id: number; key: string }>(
            'SELECT id, key FROM topics WHERE key = ANY($1::text[])',
            [raced],
          ))
            ids.set(row.key, row.id)
        for (const [key, { placeholder }] of pending) {
          real.set(placeholder, ids.get(key)!)
          topics.set(key, ids.get(key)!)
        }
        pending.clear()
      }
      return (id) => (id !== null && id < 0 ? real.get(id)! : id)
    }

    async function signalTopic(
      accountId: number | null,
      key: string,
      label: string,
      occurredAt: number,
    ): Promise<number | null> {
      if (accountId === null) return deferredTopic(key, label)
      const existing = await existingTopic(key)
      if (!(await gate.allows(accountId, existing, occurredAt))) return null
      const id = existing ?? deferredTopic(key, label)
      await gate.admit(accountId, id, occurredAt)
      return id
    }

    async function prefetch(names: {
      accounts: Iterable<string>
      contacts: Iterable<{ email: string; employer: string | null }>
    }): Promise<void> {
      const emails = new Map<string, string | null>()
      for (const { email, employer } of names.contacts) {
        if (contacts.has(email) || emails.has(email)) continue
        const cached = knownContact(email)
        if (cached !== undefined) contacts.set(email, cached)
        emails.set(email, employer)
      }
      const unknown = [...emails.keys()].filter((email) => !contacts.has(email))
      if (unknown.length > 0) await readContacts(unknown)
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
        const rows = await q.query<{ id: number; domain: string }>(
          'SELECT id, domain FROM accounts WHERE domain = ANY($1::text[])',
          [[...domains]],
        )
        for (const row of rows) accounts.set(row.domain, row.id)
        await ensureAccounts([...domains].filter((domain) => !accounts.has(domain)))
      }
      const newContacts: [string, number | null][] = []
      for (const [email, employer] of emails)
        if (!contacts.has(email))
          newContacts.push([email, employer === null ? null : accounts.get(employer)!])
      await ensureContacts(newContacts)
    }

    return {
      prefetch,
      prefetchTopics,
      gate,
      resolved: () => ({ accounts, contacts }) as const,
      account,
      contact,
      topic,
      signalTopic,
      flushTopics,
      linkToAccount,
      noteCapped,
      capped: (): ReadonlyMap<number, number> => capped,
    }
  }
}

export type PgResolution = ReturnType<ReturnType<typeof pgIdentityStatements>>

const IDENTITY_CACHE_LIMIT = 100_000

/**
 * Ingest's ids of accounts and contacts kept across batches, checked against the database's
 * `store_versions.identities` (moved by erasure and contact moves, on any replica) inside each
 * batch's transaction. What a batch learned joins only after it committed, and only when no
 * newer version was seen meanwhile.
 */
export function pgIdentityCache(_db: PgDb) {
  const accounts = new Map<string, number>()
  const contacts = new Map<string, ContactIdentity>()
  let version = -1
  const clear = () => {
    accounts.clear()
    contacts.clear()
  }
  return {
    /** Inside a write transaction: the cache, valid for it; its version goes to `learn`. */
    async open(q: Queryable) {
      const current = await identitiesVersion(q)
      if (current !== version) {
        clear()
        version = current
      }
      return { accounts, contacts, epoch: current }
    },
    /** After a batch opened at `at` committed: what it resolved. */
    learn(
      at: number,
      learned: {
        accounts: ReadonlyMap<string, number>
        contacts: ReadonlyMap<string, ContactIdentity>
      },
    ): void {
      if (at !== version) return
      if (accounts.size + contacts.size > IDENTITY_CACHE_LIMIT) clear()
      for (const [domain, id] of learned.accounts) accounts.set(domain, id)
      // Only linked contacts: a link made by another replica's ingest moves no version.
      for (const [email, contact] of learned.contacts)
        if (contact.accountId !== null) contacts.set(email, { ...contact })
    },
  }
}

export type PgIdentityCache = ReturnType<typeof pgIdentityCache>

/**
 * Erasure deletes identities that ingest may be about to use: it takes this transaction lock
 * exclusively, writers of identities (signals, contacts, outcomes) shared, so an erasure and a
 * batch never interleave (as SQLite's one writer at a time guaranteed).
 */
export const ERASURE_LOCK = 0x1e4a5e

export async function sharedErasureLock(q: Queryable) {
  await q.run('SELECT pg_advisory_xact_lock_shared($1)', [ERASURE_LOCK])
}

export async function exclusiveErasureLock(q: Queryable) {
  await q.run('SELECT pg_advisory_xact_lock($1)', [ERASURE_LOCK])
}
