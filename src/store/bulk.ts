import type { Firmographics } from '../records.ts'
import type { Db } from './db.ts'
import { foldOrNull } from './fold.ts'
import { rebuildAllRollups } from './repos/rollups.ts'

/** An account as a bulk load writes it: firmographics without free-form attributes. */
export type BulkAccount = Omit<Firmographics, 'attributes'> & { domain: string }

export interface BulkContact {
  email: string
  accountDomain: string
  name: string | null
  title: string | null
}

export interface BulkSignal {
  dedupeKey: Buffer
  externalId: string | null
  type: string
  /** Without one, the contact's account. */
  accountDomain: string | null
  contactEmail: string | null
  topic: { key: string; label: string } | null
  occurredAt: number
  weight: number | null
}

/**
 * A first load into an empty database, for benchmarks and backfills: rows go straight into the
 * tables in large transactions without the per-signal bookkeeping of ingest (dedupe lookups,
 * rollup upserts, dirty marks), and the rollups are rebuilt from the signals at the end with
 * the one rollup definition (repos/rollups.ts). Not for a database that serves traffic.
 */
export function bulkLoader(db: Db, now: number) {
  const accountIds = new Map<string, number>()
  const contactIds = new Map<string, number>()
  const contactAccounts = new Map<number, number>()
  const topicIds = new Map<string, number>()
  const insertAccount = db.prepare(
    `INSERT INTO accounts (domain, name, industry, industry_folded, employees, revenue, country, technologies, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
  const insertContact = db.prepare(
    `INSERT INTO contacts (email, account_id, name, title, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  )
  const insertTopic = db.prepare('INSERT INTO topics (key, label) VALUES (?, ?) RETURNING id')
  const insertSignal = db.prepare(
    `INSERT INTO signals (dedupe_key, external_id, type, account_id, contact_id, topic_id, occurred_at, weight, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
  )
  const idOf = (map: Map<string, number>, key: string, kind: string) => {
    const id = map.get(key)
    if (id === undefined) throw new Error(`bulk load: unknown ${kind} '${key}'`)
    return id
  }
  const topicId = (topic: { key: string; label: string }) => {
    let id = topicIds.get(topic.key)
    if (id === undefined) {
      id = (insertTopic.get(topic.key, topic.label) as { id: number }).id
      topicIds.set(topic.key, id)
    }
    return id
  }

  return {
    accounts: db.transaction((rows: BulkAccount[]) => {
      for (const a of rows) {
        const { id } = insertAccount.get(
          a.domain,
          a.name,
          a.industry,
          foldOrNull(a.industry),
          a.employees,
          a.revenue,
          a.country,
          JSON.stringify(a.technologies),
          now,
          now,
        ) as { id: number }
        accountIds.set(a.domain, id)
      }
    }),
    contacts: db.transaction((rows: BulkContact[]) => {
      for (const c of rows) {
        const accountId = idOf(accountIds, c.accountDomain, 'account')
        const { id } = insertContact.get(c.email, accountId, c.name, c.title, now, now) as {
          id: number
        }
        contactIds.set(c.email, id)
        contactAccounts.set(id, accountId)
      }
    }),
    signals: db.transaction((rows: BulkSignal[]) => {
      for (const s of rows) {
        const contactId =
          s.contactEmail === null ? null : idOf(contactIds, s.contactEmail, 'contact')
        const accountId =
          s.accountDomain === null
            ? (contactAccounts.get(contactId ?? -1) ?? null)
            : idOf(accountIds, s.accountDomain, 'account')
        insertSignal.run(
          s.dedupeKey,
          s.externalId,
          s.type,
          accountId,
          contactId,
          s.topic === null ? null : topicId(s.topic),
          s.occurredAt,
          s.weight,
          now,
        )
      }
    }),
    /** Rebuilds both rollup tables from the signals and marks every account for rescoring. */
    finish: db.transaction(() => {
      db.exec('DELETE FROM peer_baselines')
      rebuildAllRollups(db)
      db.prepare(
        'INSERT INTO dirty_accounts (account_id, since) SELECT id, ? FROM accounts WHERE true ON CONFLICT (account_id) DO UPDATE SET since = excluded.since',
      ).run(now)
    }),
  }
}
