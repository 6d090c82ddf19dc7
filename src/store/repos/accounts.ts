import {
  type Account,
  type AccountPatch,
  type AccountStats,
  FIRMOGRAPHIC_FIELDS,
  type Firmographics,
  type Page,
} from '../../records.ts'
import type { Shard } from '../../shard.ts'
import type { Db } from '../db.ts'
import { foldOrNull } from '../fold.ts'
import { dirtyMarker } from './scores.ts'
import { type MembershipEvents, membershipUpdater } from './segment-members.ts'
import { suppressionCheck } from './suppressions.ts'

/** A row of `accounts`: the firmographics as stored, the collections as JSON text. */
export type AccountRow = Omit<Firmographics, 'technologies' | 'attributes'> & {
  id: number
  domain: string
  technologies: string
  attributes: string
  created_at: number
  updated_at: number
}

const COLUMNS =
  'id, domain, name, industry, employees, revenue, country, technologies, attributes, created_at, updated_at'

export function toAccount(row: AccountRow): Account {
  return {
    domain: row.domain,
    name: row.name,
    industry: row.industry,
    employees: row.employees,
    revenue: row.revenue,
    country: row.country,
    technologies: JSON.parse(row.technologies) as string[],
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** One item of a bulk upsert: the hashes it is refused for, as `upsert`'s `guard`. */
export interface AccountUpsert {
  domain: string
  patch: AccountPatch
  guard: Buffer[]
}

/** What an upsert did: a new row, a changed one, or neither (a rerun of the same import). */
export interface UpsertOutcome {
  created: boolean
  changed: boolean
}

export function merge(
  existing: Account | undefined,
  domain: string,
  patch: AccountPatch,
  now: number,
): Account {
  const base: Account = existing ?? {
    domain,
    name: null,
    industry: null,
    employees: null,
    revenue: null,
    country: null,
    technologies: [],
    attributes: {},
    createdAt: now,
    updatedAt: now,
  }
  const defined = Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  )
  const merged = { ...base, ...defined, domain, updatedAt: now } as AccountPatch & Account
  // Cleared collections read back as empty rather than null, so clients never special-case them.
  return { ...merged, technologies: merged.technologies ?? [], attributes: merged.attributes ?? {} }
}

/** Whether an upsert changed any stored field: a rerun of the same import changes none. */
export function differs(
  row: AccountRow,
  next: Record<(typeof FIRMOGRAPHIC_FIELDS)[number], string | number | null>,
): boolean {
  return FIRMOGRAPHIC_FIELDS.some((field) => row[field] !== next[field])
}

export function accountsRepo(db: Db) {
  const byDomain = db.prepare<[string], AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE domain = ?`,
  )
  const upsert = db.prepare(
    `INSERT INTO accounts (domain, name, industry, industry_folded, employees, revenue, country, technologies, attributes, created_at, updated_at)
     VALUES (@domain, @name, @industry, @industryFolded, @employees, @revenue, @country, @technologies, @attributes, @createdAt, @updatedAt)
     ON CONFLICT (domain) DO UPDATE SET name = excluded.name, industry = excluded.industry,
       industry_folded = excluded.industry_folded,
       employees = excluded.employees, revenue = excluded.revenue, country = excluded.country,
       technologies = excluded.technologies, attributes = excluded.attributes, updated_at = excluded.updated_at`,
  )
  const stats = db.prepare<
    { id: number; asOf: number },
    { contacts: number; signals: number; last: number | null }
  >(
    `SELECT (SELECT count(*) FROM contacts WHERE account_id = @id) AS contacts,
            (SELECT count(*) FROM signals WHERE account_id = @id AND occurred_at <= @asOf) AS signals,
            (SELECT max(occurred_at) FROM signals WHERE account_id = @id AND occurred_at <= @asOf) AS last`,
  )
  const pageAfter = db.prepare<[string, number], AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE domain > ? ORDER BY domain LIMIT ?`,
  )

  const idsAfter = db.prepare<[number, number], AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE id > ? ORDER BY id LIMIT ?`,
  )
  const shardIdsAfter = db.prepare<[number, number, number, number], AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE id > ? AND id % ? = ? ORDER BY id LIMIT ?`,
  )

  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM accounts')

  const markDirty = dirtyMarker(db)
  const idOf = db.prepare<[string], { id: number }>('SELECT id FROM accounts WHERE domain = ?')
  const isSuppressed = suppressionCheck(db)
  const membership = membershipUpdater(db)
  /** One account's upsert, inside the caller's transaction. */
  const write = (domain: string, patch: AccountPatch, now: number) => {
    const row = byDomain.get(domain)
    const account = merge(row && toAccount(row), domain, patch, now)
    const stored = {
      ...account,
      technologies: JSON.stringify(account.technologies),
      attributes: JSON.stringify(account.attributes),
    }
    upsert.run({ ...stored, industryFolded: foldOrNull(account.industry) })
    const id = idOf.get(domain)!.id
    markDirty([id], now)
    return {
      id,
      account,
      created: row === undefined,
      changed: row === undefined || differs(row, stored),
    }
  }
  const upsertTx = db.transaction(
    (
      domain: string,
      patch: AccountPatch,
      now: number,
      guard: Buffer[],
      segmentEvents: MembershipEvents | null,
    ) => {
      if (isSuppressed(guard)) return null
      const { id, ...written } = write(domain, patch, now)
      // Firmographics move an account between segments now, against its stored score.
      membership.afterUpserts([id], now, segmentEvents)
      return written
    },
  )
  // Suppressions are decided inside the transaction, before any write: an erasure committed
  // meanwhile is honoured, and a batch naming an erased account writes nothing.
  const upsertManyTx = db.transaction(
    (items: AccountUpsert[], now: number, segmentEvents: MembershipEvents | null) => {
      const suppressed = items.flatMap((item, index) => (isSuppressed(item.guard) ? [index] : []))
      if (suppressed.length > 0) return { suppressed }
      const written = items.map((item) => write(item.domain, item.patch, now))
      membership.afterUpserts(
        written.map(({ id }) => id),
        now,
        segmentEvents,
      )
      return { written: written.map(({ created, changed }) => ({ created, changed })) }
    },
  )

  return {
    /**
     * Creates or updates an account, and the segments it is in; null, writing nothing, when
     * `guard` holds a suppressed hash (an erased account never comes back, nor into a segment).
     */
    async upsert(
      domain: string,
      patch: AccountPatch,
      now: number,
      guard: Buffer[] = [],
      segmentEvents: MembershipEvents | null = null,
    ): Promise<{ account: Account; created: boolean; changed: boolean } | null> {
      return upsertTx.immediate(domain, patch, now, guard, segmentEvents)
    },

    /**
     * Creates or updates many accounts in one transaction, all or none, and the segments they
     * are in: the indexes of the items whose `guard` holds a suppressed hash, writing nothing,
     * or whether each was created or changed.
     */
    async upsertMany(
      items: AccountUpsert[],
      now: number,
      segmentEvents: MembershipEvents | null = null,
    ): Promise<{ suppressed: number[] } | { written: UpsertOutcome[] }> {
      return upsertManyTx.immediate(items, now, segmentEvents)
    },

    /** Firmographics only, without the activity counts `get` adds. */
    async find(domain: string): Promise<Account | null> {
      const row = byDomain.get(domain)
      return row ? toAccount(row) : null
    },

    async findWithId(domain: string): Promise<{ id: number; account: Account } | null> {
      const row = byDomain.get(domain)
      return row ? { id: row.id, account: toAccount(row) } : null
    },

    /**
     * With the counts: every contact, and the signals that occurred by `asOf` (all of them
     * without). Contacts have no time of their own: `created_at` is when we heard of them.
     */
    async get(
      domain: string,
      asOf = Number.MAX_SAFE_INTEGER,
    ): Promise<(Account & { stats: AccountStats }) | null> {
      const row = byDomain.get(domain)
      if (!row) return null
      const counts = stats.get({ id: row.id, asOf })!
      return {
        ...toAccount(row),
        stats: { contacts: counts.contacts, signals: counts.signals, lastSignalAt: counts.last },
      }
    },

    /** Keyset paging by domain: stable under concurrent inserts, no OFFSET scans. */
    /**
     * Ids and domains in id order, for walking the whole book: rollups and scores are keyed by
     * account id, so this order reads and writes them front to back instead of at random.
     */
    /** The accounts after `afterId` in id order; with `shard`, only that part's (domain/shard.ts). */
    async pageById(
      afterId: number,
      limit: number,
      shard: Shard | null = null,
    ): Promise<{ id: number; account: Account }[]> {
      const rows =
        shard === null || shard.count === 1
          ? idsAfter.all(afterId, limit)
          : shardIdsAfter.all(afterId, shard.count, shard.index - 1, limit)
      return rows.map((row) => ({ id: row.id, account: toAccount(row) }))
    },

    async count(): Promise<number> {
      return count.get()!.n
    },

    async list(after: string | null, limit: number): Promise<Page<Account>> {
      const rows = pageAfter.all(after ?? '', limit + 1)
      const items = rows.slice(0, limit).map(toAccount)
      const next = rows.length > limit ? (items.at(-1)?.domain ?? null) : null
      return { items, next }
    },
  }
}

export type AccountsRepo = ReturnType<typeof accountsRepo>
