import type { SignalType } from '../../../vocabulary.ts'
import { DAY_MS } from '../../../vocabulary.ts'
import {
  type CommitteeRepo,
  type ContactRow,
  type KnownContact,
  type PersonActivity,
  toContact,
} from '../../repos/committee.ts'
import type { PgDb } from '../client.ts'

export function pgCommitteeRepo(db: PgDb): CommitteeRepo {
  return {
    async activity(
      accountId: number,
      fromDay: number,
      lastDay: number,
      asOf: number,
    ): Promise<PersonActivity[]> {
      // SQLite's order: the rollup's rows in primary-key order (day, topic_id, type, contact_id),
      // then the last day's signals in (occurred_at, id) order, as its indexes give them.
      const rows = await db.query<{
        contact_id: number
        topic_id: number
        day: number
        type: SignalType
      }>(
        `SELECT contact_id, topic_id, day, type FROM (
           SELECT contact_id, topic_id, day, type, 0 AS part, 0::bigint AS at, 0::bigint AS id
           FROM topic_daily_people WHERE account_id = $1 AND day >= $2 AND day < $3
           UNION ALL
           SELECT contact_id, coalesce(topic_id, 0), $3::bigint, type, 1, occurred_at, id
           FROM signals
           WHERE account_id = $1 AND contact_id IS NOT NULL AND occurred_at >= $4 AND occurred_at <= $5
         ) AS active ORDER BY part, at, id, day, topic_id, type, contact_id`,
        [accountId, fromDay, lastDay, lastDay * DAY_MS, asOf],
      )
      return rows.map((row) => ({
        contactId: row.contact_id,
        topicId: row.topic_id,
        day: row.day,
        type: row.type,
      }))
    },
    async contacts(accountId: number): Promise<KnownContact[]> {
      const rows = await db.query<ContactRow & Record<string, unknown>>(
        'SELECT id, email, name, title, function_override, seniority_override FROM contacts WHERE account_id = $1 ORDER BY email',
        [accountId],
      )
      return rows.map(toContact)
    },
    async lastActiveAt(contactId: number, asOf: number): Promise<number | null> {
      const row = await db.one<{ at: number | null }>(
        'SELECT max(occurred_at) AS at FROM signals WHERE contact_id = $1 AND occurred_at <= $2',
        [contactId, asOf],
      )
      return row?.at ?? null
    },
  }
}
