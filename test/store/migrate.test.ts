import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDb } from '../../src/store/db.ts'
import {
  latestSchemaVersion,
  loadMigrations,
  migrate,
  SchemaTooNewError,
  schemaVersion,
} from '../../src/store/migrate.ts'

function queryPlan(db: Database.Database, sql: string, ...params: unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
  return rows.map((row) => row.detail).join('\n')
}

describe('migrations', () => {
  it('bring an empty database to the latest version in one step', () => {
    const db = new Database(':memory:')
    expect(schemaVersion(db)).toBe(0)
    expect(migrate(db)).toEqual({ from: 0, to: latestSchemaVersion() })
    expect(schemaVersion(db)).toBe(loadMigrations().at(-1)!.version)
    const tables = db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all() as { name: string; sql: string }[]
    expect(tables.map((t) => t.name).sort()).toEqual([
      'account_scores',
      'accounts',
      'api_keys',
      'audit_log',
      'batch_checkpoints',
      'contacts',
      'crm_objects',
      'deliveries',
      'dirty_accounts',
      'hubspot_companies',
      'hubspot_writebacks',
      'models',
      'outcomes',
      'peer_baselines',
      'score_history',
      'segment_members',
      'segment_users',
      'segments',
      'sessions',
      'settings',
      'signals',
      'subscriptions',
      'suppressions',
      'taxonomy_state',
      'taxonomy_topics',
      'topic_daily',
      'topic_daily_people',
      'topic_surges',
      'topics',
      'webhook_events',
    ])
    for (const table of tables) expect(table.sql).toMatch(/\)\s*STRICT(, WITHOUT ROWID)?$/)
  })

  it('security: 0014 drops the cookie-signing secret an older version kept in settings (finding 3)', () => {
    const db = new Database(':memory:')
    const before = loadMigrations().filter((migration) => migration.version < 14)
    migrate(db, before)
    db.prepare(
      "INSERT INTO settings (key, value, created_at) VALUES ('session_secret', 's', 1)",
    ).run()
    db.prepare("INSERT INTO settings (key, value, created_at) VALUES ('other', 'kept', 1)").run()
    expect(migrate(db)).toEqual({ from: 13, to: latestSchemaVersion() })
    expect(db.prepare('SELECT key FROM settings').all()).toEqual([{ key: 'other' }])
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all('sessions')
    expect(columns.map((column) => (column as { name: string }).name)).toEqual([
      'id_hash',
      'key_id',
      'env_key_hash',
      'created_at',
      'expires_at',
    ])
  })

  it('0016 keeps stored signals as they were, topic-less, with the shipped taxonomy in force', () => {
    const db = new Database(':memory:')
    migrate(
      db,
      loadMigrations().filter((migration) => migration.version < 16),
    )
    db.exec(`INSERT INTO accounts (domain, created_at, updated_at) VALUES ('acme.pl', 1, 1);
      INSERT INTO topics (key, label) VALUES ('erp', 'ERP');
      INSERT INTO signals (dedupe_key, type, account_id, topic_id, occurred_at, url, received_at)
        VALUES (x'01', 'content', 1, 1, 5, NULL, 5), (x'02', 'web_visit', 1, NULL, 6, 'https://g2.com/categories/crm', 6);`)
    migrate(db)
    expect(
      db.prepare('SELECT topic_id, topic_source, title, query FROM signals ORDER BY id').all(),
    ).toEqual([
      { topic_id: 1, topic_source: null, title: null, query: null },
      { topic_id: null, topic_source: null, title: null, query: null },
    ])
    expect(db.prepare('SELECT custom, version FROM taxonomy_state').get()).toEqual({
      custom: 0,
      version: null,
    })
    expect(db.prepare('SELECT count(*) AS n FROM taxonomy_topics').get()).toEqual({ n: 0 })
  })

  it('are idempotent: a second run changes nothing', () => {
    const db = new Database(':memory:')
    migrate(db)
    const latest = schemaVersion(db)
    expect(migrate(db)).toEqual({ from: latest, to: latest })
  })

  it('must be numbered strictly upwards; a gap (a number another branch holds) is allowed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-migrations-'))
    writeFileSync(join(dir, '0001-a.sql'), 'CREATE TABLE a (x INT) STRICT;')
    writeFileSync(join(dir, '0003-c.sql'), 'CREATE TABLE c (x INT) STRICT;')
    const gapped = loadMigrations(dir)
    expect(gapped.map((m) => m.version)).toEqual([1, 3])
    const db = new Database(':memory:')
    expect(migrate(db, gapped)).toEqual({ from: 0, to: 3 })
    writeFileSync(join(dir, '0003-other-branch.sql'), 'CREATE TABLE d (x INT) STRICT;')
    expect(() => loadMigrations(dir)).toThrow(/out of sequence/)
  })

  it('roll back whole when one fails, leaving the version where it was', () => {
    const db = new Database(':memory:')
    const broken = [
      ...loadMigrations(),
      {
        version: 99,
        name: '0099-broken.sql',
        sql: 'CREATE TABLE x (a INT) STRICT; SELECT * FROM missing;',
      },
    ]
    expect(() => migrate(db, broken)).toThrow(/missing/)
    expect(schemaVersion(db)).toBe(0)
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'accounts'").get(),
    ).toEqual({ n: 0 })
  })

  it('refuse a database written by newer code, with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-migrate-'))
    const path = join(dir, 'future.db')
    const future = new Database(path)
    future.pragma(`user_version = ${latestSchemaVersion() + 5}`)
    future.close()
    expect(() => openDb(path)).toThrow(SchemaTooNewError)
    expect(() => openDb(path)).toThrow(/newer|knows only up to/)
  })

  it('open a file database in WAL mode with foreign keys and a busy timeout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-open-'))
    const db = openDb(join(dir, 'nested', 'intent.db'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0)
    db.close()
  })
})

describe('query plans of hot look-ups', () => {
  const db = openDb(':memory:')

  it('signals of an account in a time range use the account/time index', () => {
    const plan = queryPlan(
      db,
      'SELECT * FROM signals WHERE account_id = ? AND occurred_at >= ? AND occurred_at < ?',
      1,
      0,
      1,
    )
    expect(plan).toMatch(
      /USING INDEX signals_by_account_time \(account_id=\? AND occurred_at>\? AND occurred_at<\?\)/,
    )
  })

  it('signals of a contact in a time range use the contact/time index', () => {
    const plan = queryPlan(
      db,
      'SELECT * FROM signals WHERE contact_id = ? AND occurred_at >= ?',
      1,
      0,
    )
    expect(plan).toMatch(/USING INDEX signals_by_contact_time \(contact_id=\? AND occurred_at>\?\)/)
  })

  it('the latest signal of an account is read from the index alone', () => {
    const plan = queryPlan(db, 'SELECT max(occurred_at) FROM signals WHERE account_id = ?', 1)
    expect(plan).toMatch(/USING COVERING INDEX signals_by_account_time/)
  })

  it('accounts, contacts and duplicates are found by unique indexes', () => {
    expect(queryPlan(db, 'SELECT id FROM accounts WHERE domain = ?', 'a.com')).toMatch(
      /USING (COVERING )?INDEX sqlite_autoindex_accounts/,
    )
    expect(queryPlan(db, 'SELECT id FROM contacts WHERE email = ?', 'a@a.com')).toMatch(
      /USING (COVERING )?INDEX sqlite_autoindex_contacts/,
    )
    expect(queryPlan(db, 'SELECT id FROM signals WHERE dedupe_key = ?', Buffer.alloc(16))).toMatch(
      /USING (COVERING )?INDEX sqlite_autoindex_signals/,
    )
  })
})

describe('query plans of scoring reads', () => {
  const db = openDb(':memory:')

  it("one account's topics are an indexed read of its rollups by day range", () => {
    const plan = queryPlan(
      db,
      'SELECT topic_id, day, type, signals FROM topic_daily WHERE account_id = ? AND day >= ? AND day < ?',
      1,
      0,
      1,
    )
    expect(plan).toMatch(
      /SEARCH topic_daily USING PRIMARY KEY \(account_id=\? AND day>\? AND day<\?\)/,
    )
  })

  it('distinct contacts per topic come from the people rollup by the same key', () => {
    const plan = queryPlan(
      db,
      'SELECT topic_id, contact_id FROM topic_daily_people WHERE account_id = ? AND topic_id > 0 AND day >= ? AND day < ?',
      1,
      0,
      1,
    )
    expect(plan).toMatch(
      /SEARCH topic_daily_people USING PRIMARY KEY \(account_id=\? AND day>\? AND day<\?\)/,
    )
  })

  it('the accounts active on a topic are found through the topic/day index', () => {
    const plan = queryPlan(
      db,
      'SELECT DISTINCT account_id FROM topic_daily WHERE topic_id = ? AND day >= ? AND day <= ?',
      1,
      0,
      1,
    )
    expect(plan).toMatch(
      /USING (COVERING )?INDEX topic_daily_by_topic_day \(topic_id=\? AND day>\? AND day<\?\)/,
    )
  })
})
