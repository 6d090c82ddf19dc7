import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDb } from '../../../src/store/db.ts'
import { openPgDb } from '../../../src/store/pg/client.ts'
import {
  COPY_ORDER,
  CopyRefused,
  copyFromSqlite,
  verifyCopy,
} from '../../../src/store/pg/copy-from-sqlite.ts'
import { migratePg } from '../../../src/store/pg/migrate.ts'
import { DAY_MS } from '../../../src/vocabulary.ts'
import { buildTestApp } from '../../helpers/app.ts'
import { freshPostgresDatabase, hasPostgres } from '../../helpers/postgres.ts'

describe('the copy order', () => {
  it('names every table of the SQLite schema, parents before children', () => {
    const db = openDb(':memory:')
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name)
    expect([...COPY_ORDER].sort()).toEqual(tables)
    for (const table of COPY_ORDER) {
      const parents = (
        db
          .prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)')
          .all(table) as {
          parent: string
        }[]
      ).map((row) => row.parent)
      for (const parent of parents)
        expect(COPY_ORDER.indexOf(parent as never), `${parent} before ${table}`).toBeLessThan(
          COPY_ORDER.indexOf(table),
        )
    }
  })
})

/** A SQLite database file with something in most tables, written through the service. */
async function bookOnFile(signals: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'intent-copy-')), 'intent.db')
  const t = await buildTestApp({ DB_PATH: file })
  await t.json('/v1/accounts/acme.pl', 'PUT', {
    name: 'Acme',
    industry: 'Software',
    technologies: ['SAP'],
    attributes: { tier: 'gold' },
  })
  await t.json('/v1/contacts/anna@acme.pl', 'PUT', { title: 'CFO', account: 'acme.pl' })
  const at = t.clock.now() - DAY_MS
  const batch = Array.from({ length: signals }, (_, i) => ({
    type: i % 2 === 0 ? 'content' : 'web_visit',
    account: `company${i % 40}.com`,
    contact: i % 5 === 0 ? 'anna@acme.pl' : undefined,
    topic: ['ERP', 'CRM', 'Payroll'][i % 3],
    occurredAt: new Date(at - (i % 30) * DAY_MS).toISOString(),
    id: `e-${i}`,
    weight: i % 7 === 0 ? 1.5 : undefined,
  }))
  for (let i = 0; i < batch.length; i += 1000) {
    const response = await t.json('/v1/signals', 'POST', { signals: batch.slice(i, i + 1000) })
    expect(response.status).toBeLessThan(300)
  }
  expect(
    (
      await t.json(
        '/v1/subscriptions',
        'POST',
        {
          url: 'https://hooks.example.com/in',
          events: ['label.changed'],
          secret: 'a-subscription-secret-of-32-chars!!',
        },
        'admin',
      )
    ).status,
  ).toBe(201)
  expect((await t.call('/v1/accounts/acme.pl', { scope: 'read' })).status).toBe(200)
  await t.ctx.stop()
  return file
}

;(hasPostgres() ? describe : describe.skip)('intent migrate-to-postgres: the copy', () => {
  it('copies every row, keeps ids and continues the id sequences, verified by checksums', async () => {
    const file = await bookOnFile(2_500)
    const source = openDb(file, { readonly: true })
    const destination = openPgDb(await freshPostgresDatabase())
    try {
      await migratePg(destination)
      const copies = await copyFromSqlite(source, destination)
      const signals = copies.find((copy) => copy.table === 'signals')!
      expect(signals.rows).toBe(2_500)
      const checks = await verifyCopy(source, destination)
      expect(checks.filter((check) => !check.equal)).toEqual([])
      expect(checks.find((check) => check.table === 'accounts')!.postgresRows).toBe(41)
      expect(checks.find((check) => check.table === 'api_keys')!.postgresRows).toBe(3)
      expect(checks.find((check) => check.table === 'topic_daily')!.postgresRows).toBeGreaterThan(0)
      // A new account gets the id after the copied ones, not a copied one's.
      const max = source.prepare('SELECT max(id) AS id FROM accounts').get() as { id: number }
      const inserted = await destination.one<{ id: number }>(
        "INSERT INTO accounts (domain, created_at, updated_at) VALUES ('new.example', 1, 1) RETURNING id",
      )
      expect(inserted!.id).toBe(max.id + 1)
    } finally {
      source.close()
      await destination.close()
    }
  }, 120_000)

  it('resumes after the last chunk an interrupted run committed, and a difference is found', async () => {
    const file = await bookOnFile(4_500)
    const source = openDb(file, { readonly: true })
    const destination = openPgDb(await freshPostgresDatabase())
    try {
      await migratePg(destination)
      let chunks = 0
      await expect(
        copyFromSqlite(source, destination, (table) => {
          if (table === 'signals' && ++chunks === 2) throw new Error('killed')
        }),
      ).rejects.toThrow('killed')
      const partial = await destination.one<{ n: number }>('SELECT count(*) AS n FROM signals')
      expect(partial!.n).toBe(4_000)
      const copies = await copyFromSqlite(source, destination)
      expect(copies.find((copy) => copy.table === 'signals')).toEqual({
        table: 'signals',
        rows: 4_500,
        resumed: 4_000,
      })
      expect((await verifyCopy(source, destination)).every((check) => check.equal)).toBe(true)
      // The checksum is not a count: one changed value is a mismatch.
      await destination.query("UPDATE accounts SET name = 'Acme SA' WHERE domain = 'acme.pl'")
      const after = await verifyCopy(source, destination)
      expect(after.filter((check) => !check.equal).map((check) => check.table)).toEqual([
        'accounts',
      ])
    } finally {
      source.close()
      await destination.close()
    }
  }, 120_000)

  it('refuses a PostgreSQL database that already holds data', async () => {
    const file = await bookOnFile(10)
    const source = openDb(file, { readonly: true })
    const destination = openPgDb(await freshPostgresDatabase())
    try {
      await migratePg(destination)
      await destination.query(
        "INSERT INTO accounts (domain, created_at, updated_at) VALUES ('someone-else.example', 1, 1)",
      )
      await expect(copyFromSqlite(source, destination)).rejects.toThrow(CopyRefused)
      await expect(copyFromSqlite(source, destination)).rejects.toThrow(
        /not empty \(accounts has rows\)/,
      )
    } finally {
      source.close()
      await destination.close()
    }
  })
})
