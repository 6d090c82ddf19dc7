import type { Shard } from '../../../shard.ts'
import type { Account, AccountPatch, AccountStats, Page } from '../../../records.ts'
import { foldOrNull } from '../../fold.ts'
import {
  type AccountRow,
  type AccountsRepo,
  type AccountUpsert,
  differs,
  merge,
  toAccount,
  type UpsertOutcome,
} from '../../repos/accounts.ts'
import type { MembershipEvents } from '../../repos/segment-members.ts'
import type { PgDb, Queryable } from '../client.ts'
import { markDirty, suppressedAmong } from './in-transaction.ts'
import { pgMembershipUpdater } from './segment-members.ts'

const COLUMNS =
  'id, domain, name, industry, employees, revenue, country, technologies, attributes, created_at, updated_at'

/**
 * Writes the items in turn, as SQLite's `write` one after another, in one transaction and
 * four statements whatever their number: the new domains inserted bare (ON CONFLICT DO
 * NOTHING: a domain another replica creates meanwhile is then updated, not a failure), every
 * domain's row locked (FOR NO KEY UPDATE, in domain order), the merges done here, one UPDATE. So two
 * replicas writing one account serialise on its row, and each merges onto what the other
 * stored: created is true for exactly one of them, and no field is lost.
 */
async function writeAll(
  q: Queryable,
  items: readonly { domain: string; patch: AccountPatch }[],
  now: number,
): Promise<{ id: number; account: Account; created: boolean; changed: boolean }[]> {
  const domains = [...new Set(items.map((item) => item.domain))].sort()
  const inserted = await q.query<{ domain: string }>(
    `INSERT INTO accounts (domain, created_at, updated_at)
     SELECT d, $2, $2 FROM unnest($1::text[]) AS d ORDER BY d
     ON CONFLICT (domain) DO NOTHING RETURNING domain`,
    [domains, now],
  )
  const created = new Set(inserted.map((row) => row.domain))
  const locked = await q.query<AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE domain = ANY($1::text[]) ORDER BY domain FOR NO KEY UPDATE`,
    [domains],
  )
  // What SQLite's `byDomain` would read before each item: the stored row, then each write's.
  const current = new Map<string, AccountRow | undefined>()
  const ids = new Map<string, number>()
  for (const row of locked) {
    ids.set(row.domain, row.id)
    current.set(row.domain, created.has(row.domain) ? undefined : row)
  }
  const written = items.map(({ domain, patch }) => {
    const id = ids.get(domain)
    if (id === undefined) throw new Error(`account ${domain} vanished while being written`)
    const row = current.get(domain)
    const account = merge(row && toAccount(row), domain, patch, now)
    const stored: AccountRow = {
      id,
      domain,
      name: account.name,
      industry: account.industry,
      employees: account.employees,
      revenue: account.revenue,
      country: account.country,
      technologies: JSON.stringify(account.technologies),
      attributes: JSON.stringify(account.attributes),
      created_at: account.createdAt,
      updated_at: account.updatedAt,
    }
    current.set(domain, stored)
    return {
      id,
      account,
      created: row === undefined,
      changed: row === undefined || differs(row, stored),
    }
  })
  const last = [...current.values()].filter((row) => row !== undefined)
  await q.run(
    `UPDATE accounts a SET name = u.name, industry = u.industry, industry_folded = u.industry_folded,
       employees = u.employees, revenue = u.revenue, country = u.country,
       technologies = u.technologies, attributes = u.attributes, created_at = u.created_at,
       updated_at = u.updated_at
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[],
       $6::double precision[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[])
       AS u(id, name, industry, industry_folded, employees, revenue, country, technologies,
            attributes, created_at, updated_at)
     WHERE a.id = u.id`,
    [
      last.map((r) => r.id),
      last.map((r) => r.name),
      last.map((r) => r.industry),
      last.map((r) => foldOrNull(r.industry)),
      last.map((r) => r.employees),
      last.map((r) => r.revenue),
      last.map((r) => r.country),
      last.map((r) => r.technologies),
      last.map((r) => r.attributes),
      last.map((r) => r.created_at),
      last.map((r) => r.updated_at),
    ],
  )
  await markDirty(
    q,
    written.map((w) => w.id),
    now,
  )
  return written
}

export function pgAccountsRepo(db: PgDb): AccountsRepo {
  const segments = pgMembershipUpdater()
  const byDomain = (domain: string) =>
    db.one<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE domain = $1`, [domain])

  return {
    async upsert(
      domain: string,
      patch: AccountPatch,
      now: number,
      guard: Buffer[] = [],
      segmentEvents: MembershipEvents | null = null,
    ): Promise<{ account: Account; created: boolean; changed: boolean } | null> {
      return db.tx(async (q) => {
        if ((await suppressedAmong(q, guard)).size > 0) return null
        const [{ id, ...written }] = (await writeAll(q, [{ domain, patch }], now)) as [
          { id: number; account: Account; created: boolean; changed: boolean },
        ]
        await segments.afterUpserts(q, [id], now, segmentEvents)
        return written
      })
    },

    async upsertMany(
      items: AccountUpsert[],
      now: number,
      segmentEvents: MembershipEvents | null = null,
    ): Promise<{ suppressed: number[] } | { written: UpsertOutcome[] }> {
      return db.tx(async (q) => {
        const hit = await suppressedAmong(
          q,
          items.flatMap((item) => item.guard),
        )
        if (hit.size > 0) {
          const suppressed = items.flatMap((item, index) =>
            item.guard.some((hash) => hit.has(hash.toString('hex'))) ? [index] : [],
          )
          return { suppressed }
        }
        if (items.length === 0) return { written: [] }
        const written = await writeAll(q, items, now)
        await segments.afterUpserts(
          q,
          written.map(({ id }) => id),
          now,
          segmentEvents,
        )
        return { written: written.map(({ created, changed }) => ({ created, changed })) }
      })
    },

    async find(domain: string): Promise<Account | null> {
      const row = await byDomain(domain)
      return row ? toAccount(row) : null
    },

    async findWithId(domain: string): Promise<{ id: number; account: Account } | null> {
      const row = await byDomain(domain)
      return row ? { id: row.id, account: toAccount(row) } : null
    },

    async get(
      domain: string,
      asOf = Number.MAX_SAFE_INTEGER,
    ): Promise<(Account & { stats: AccountStats }) | null> {
      const row = await byDomain(domain)
      if (!row) return null
      const counts = (await db.one<{ contacts: number; signals: number; last: number | null }>(
        `SELECT (SELECT count(*) FROM contacts WHERE account_id = $1) AS contacts,
                (SELECT count(*) FROM signals WHERE account_id = $1 AND occurred_at <= $2) AS signals,
                (SELECT max(occurred_at) FROM signals WHERE account_id = $1 AND occurred_at <= $2) AS last`,
        [row.id, asOf],
      ))!
      return {
        ...toAccount(row),
        stats: { contacts: counts.contacts, signals: counts.signals, lastSignalAt: counts.last },
      }
    },

    async pageById(
      afterId: number,
      limit: number,
      shard: Shard | null = null,
    ): Promise<{ id: number; account: Account }[]> {
      const rows =
        shard === null || shard.count === 1
          ? await db.query<AccountRow>(
              `SELECT ${COLUMNS} FROM accounts WHERE id > $1 ORDER BY id LIMIT $2`,
              [afterId, limit],
            )
          : await db.query<AccountRow>(
              `SELECT ${COLUMNS} FROM accounts WHERE id > $1 AND id % $2 = $3 ORDER BY id LIMIT $4`,
              [afterId, shard.count, shard.index - 1, limit],
            )
      return rows.map((row) => ({ id: row.id, account: toAccount(row) }))
    },

    async count(): Promise<number> {
      return (await db.one<{ n: number }>('SELECT count(*) AS n FROM accounts'))!.n
    },

    async list(after: string | null, limit: number): Promise<Page<Account>> {
      const rows = await db.query<AccountRow>(
        `SELECT ${COLUMNS} FROM accounts WHERE domain > $1 ORDER BY domain LIMIT $2`,
        [after ?? '', limit + 1],
      )
      const items = rows.slice(0, limit).map(toAccount)
      const next = rows.length > limit ? (items.at(-1)?.domain ?? null) : null
      return { items, next }
    },
  }
}
