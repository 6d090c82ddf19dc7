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

  return function beginResolution(now: number) {
    const accounts = new Map<string, number>()
    const contacts = new Map<string, { id: number; accountId: number | null }>()
    const topics = new Map<string, number>()
    const gate = beginTopicGate()
    /** Signals stored without their topic for the topic limit, per account. */
    const capped = new Map<number, number>()
    const noteCapped = (accountId: number) =>
      capped.set(accountId, (capped.get(accountId) ?? 0) + 1)

    function account(domain: string): number {
      let id = accounts.get(domain)
      if (id === undefined) {
        id = (accountId.get(domain) ?? insertAccount.get(domain, now, now)!).id
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
      let found = contacts.get(email)
      if (found === undefined) {
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

    return {
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
