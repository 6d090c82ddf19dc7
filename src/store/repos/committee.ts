import type { Person } from '../../records.ts'
import { DAY_MS, type SignalType } from '../../vocabulary.ts'
import type { Db } from '../db.ts'

export interface PersonActivity {
  contactId: number
  topicId: number
  day: number
  type: SignalType
}

/** A contact of the account, as the committee view reads them. */
export type KnownContact = Person

export interface ContactRow {
  id: number
  email: string
  name: string | null
  title: string | null
  function_override: string | null
  seniority_override: string | null
}

export const toContact = (row: ContactRow): KnownContact => ({
  id: row.id,
  email: row.email,
  name: row.name,
  title: row.title,
  functionOverride: row.function_override,
  seniorityOverride: row.seniority_override,
})

export function committeeRepo(db: Db) {
  const activity = db.prepare<
    [number, number, number, number, number, number, number],
    { contact_id: number; topic_id: number; day: number; type: SignalType }
  >(
    `SELECT contact_id, topic_id, day, type FROM topic_daily_people WHERE account_id = ? AND day >= ? AND day < ?
     UNION ALL
     SELECT contact_id, coalesce(topic_id, 0), ?, type FROM signals
     WHERE account_id = ? AND contact_id IS NOT NULL AND occurred_at >= ? AND occurred_at <= ?`,
  )
  const contacts = db.prepare<[number], ContactRow>(
    'SELECT id, email, name, title, function_override, seniority_override FROM contacts WHERE account_id = ? ORDER BY email',
  )
  const lastActive = db.prepare<[number, number], { at: number | null }>(
    'SELECT max(occurred_at) AS at FROM signals WHERE contact_id = ? AND occurred_at <= ?',
  )

  return {
    /** Who did what on which day, for days [fromDay, lastDay) and lastDay up to asOf. */
    async activity(
      accountId: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<PersonActivity[]> {
      return activity
        .all(accountId, fromDay, lastDay, lastDay, accountId, lastDay * DAY_MS, asOf)
        .map((row) => ({
          contactId: row.contact_id,
          topicId: row.topic_id,
          day: row.day,
          type: row.type,
        }))
    },
    async contacts(accountId: number): Promise<KnownContact[]> {
      return contacts.all(accountId).map(toContact)
    },
    async lastActiveAt(contactId: number, asOf: number): Promise<number | null> {
      return lastActive.get(contactId, asOf)?.at ?? null
    },
  }
}

export type CommitteeRepo = ReturnType<typeof committeeRepo>
