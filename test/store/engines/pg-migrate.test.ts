import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SchemaTooNewError } from '../../../src/store/migrate.ts'
import { openPgDb } from '../../../src/store/pg/client.ts'
import { loadPgMigrations, migratePg, pgSchemaVersion } from '../../../src/store/pg/migrate.ts'
import { freshPostgresDatabase, hasPostgres } from '../../helpers/postgres.ts'

;(hasPostgres() ? describe : describe.skip)('PostgreSQL migrations', () => {
  it('run once when several replicas start together (the advisory lock)', async () => {
    const url = await freshPostgresDatabase()
    const replicas = Array.from({ length: 4 }, () => openPgDb(url))
    try {
      const results = await Promise.all(replicas.map((db) => migratePg(db)))
      const latest = loadPgMigrations().at(-1)!.version
      // One migrated from 0; the others, having waited on the lock, found nothing to do.
      expect(results.filter((result) => result.from === 0)).toHaveLength(1)
      expect(results.filter((result) => result.from === latest)).toHaveLength(3)
      expect(await pgSchemaVersion(replicas[0]!)).toBe(latest)
      const applied = await replicas[0]!.query('SELECT version FROM schema_migrations')
      expect(applied).toHaveLength(loadPgMigrations().length)
    } finally {
      await Promise.all(replicas.map((db) => db.close()))
    }
  })

  it('refuse a database migrated by a newer version, and change nothing', async () => {
    const db = openPgDb(await freshPostgresDatabase())
    try {
      await migratePg(db)
      await db.query(
        "INSERT INTO schema_migrations (version, name) VALUES (9999, '9999-future.sql')",
      )
      await expect(migratePg(db)).rejects.toThrow(SchemaTooNewError)
      await expect(migratePg(db)).rejects.toThrow(/schema version 9999/)
    } finally {
      await db.close()
    }
  })

  it('leave the database as it was when a migration fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-pg-migrations-'))
    writeFileSync(join(dir, '0001-good.sql'), 'CREATE TABLE good (id int);')
    writeFileSync(
      join(dir, '0002-bad.sql'),
      'CREATE TABLE bad (id int); SELECT no_such_function();',
    )
    const db = openPgDb(await freshPostgresDatabase())
    try {
      await expect(migratePg(db, loadPgMigrations(dir))).rejects.toThrow(/no_such_function/)
      expect(await pgSchemaVersion(db)).toBe(0)
      const tables = await db.query(
        "SELECT tablename FROM pg_tables WHERE tablename IN ('good', 'bad', 'schema_migrations')",
      )
      expect(tables).toEqual([])
    } finally {
      await db.close()
    }
  })
})
