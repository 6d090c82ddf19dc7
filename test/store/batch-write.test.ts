import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { SignalRecord } from '../../src/records.ts'
import { openDb } from '../../src/store/db.ts'
import { createStore } from '../../src/store/index.ts'
import { DAY_MS } from '../../src/store/repos/rollups.ts'
import { testDbPath } from '../helpers/stored.ts'
import { signalRecord } from '../helpers/signal-records.ts'

/**
 * The signal writer resolves a batch in passes and writes it a few hundred rows per statement;
 * what it stores must be what writing the same signals one at a time stores.
 */
const T0 = Date.parse('2026-11-20T00:00:00Z')
const signal = signalRecord
const person = (email: string, accountDomain: string | null) => ({ email, accountDomain })
const topic = (label: string) => ({ key: label.toLowerCase(), label })

function book(): SignalRecord[] {
  const replayed = signal({ contact: person('anna@acme.pl', 'acme.pl'), topic: topic('ERP') })
  return [
    replayed,
    // The same key again in the batch: a duplicate of the first.
    { ...replayed },
    signal({ contact: person('ivan@acme.pl', 'acme.pl'), topic: topic('ERP'), weight: 2 }),
    // A free-mail person first without an account, then with one: both count for it.
    signal({ account: null, contact: person('jan@gmail.com', null), topic: topic('CRM') }),
    signal({ account: 'globex.de', contact: person('jan@gmail.com', null), type: 'meeting' }),
    signal({ account: 'initech.com', type: 'web_visit', occurredAt: T0 - 3 * DAY_MS }),
    signal({ account: null, contact: person('bob@initech.com', 'initech.com') }),
    ...Array.from({ length: 600 }, (_, i) =>
      signal({
        account: `company${i % 37}.com`,
        contact: person(`p${i % 11}@company${i % 37}.com`, `company${i % 37}.com`),
        topic: i % 5 === 0 ? null : topic(`Topic ${i % 13}`),
        type: (['content', 'search', 'web_visit', 'email'] as const)[i % 4],
        occurredAt: T0 - (i % 40) * DAY_MS - i,
        weight: i % 7 === 0 ? 1.5 : null,
      }),
    ),
  ]
}

/** Everything the writer stores, by names rather than ids (creation order may differ). */
function stored(db: ReturnType<typeof openDb>) {
  const all = (sql: string) => db.prepare(sql).all()
  return {
    signals:
      all(`SELECT s.dedupe_key, s.type, a.domain, c.email, t.key, s.topic_source, s.occurred_at, s.weight
      FROM signals s LEFT JOIN accounts a ON a.id = s.account_id LEFT JOIN contacts c ON c.id = s.contact_id
      LEFT JOIN topics t ON t.id = s.topic_id ORDER BY s.dedupe_key`),
    contacts: all(
      'SELECT c.email, a.domain FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id ORDER BY c.email',
    ),
    accounts: all('SELECT domain FROM accounts ORDER BY domain'),
    cells:
      all(`SELECT a.domain, coalesce(t.key, '') AS topic, d.day, d.type, d.signals, d.people, d.weight_sum, d.weighted
      FROM topic_daily d JOIN accounts a ON a.id = d.account_id LEFT JOIN topics t ON t.id = d.topic_id
      ORDER BY 1, 2, 3, 4`),
    people: all(`SELECT a.domain, coalesce(t.key, '') AS topic, p.day, p.type, c.email
      FROM topic_daily_people p JOIN accounts a ON a.id = p.account_id LEFT JOIN topics t ON t.id = p.topic_id
      JOIN contacts c ON c.id = p.contact_id ORDER BY 1, 2, 3, 4, 5`),
    dirty: all(
      'SELECT a.domain FROM dirty_accounts d JOIN accounts a ON a.id = d.account_id ORDER BY 1',
    ),
  }
}

describe('the batch signal writer', () => {
  it('stores what writing the same signals one at a time stores', async () => {
    const signals = book()
    const oneByOne = openDb(':memory:')
    const inOne = openDb(':memory:')
    for (const record of signals) await createStore(oneByOne).signals.ingest([record], T0)
    const batch = await createStore(inOne).signals.ingest(signals, T0)
    expect(batch.fates.slice(0, 3)).toEqual(['stored', 'duplicate', 'stored'])
    expect(batch.fates.filter((fate) => fate === 'stored')).toHaveLength(signals.length - 1)
    const expected = stored(oneByOne)
    expect(expected.cells.length).toBeGreaterThan(100)
    expect(stored(inOne)).toEqual(expected)
    // The person first seen without an account counts for the account a later signal names.
    expect(
      inOne
        .prepare(
          "SELECT count(*) AS n FROM signals s JOIN accounts a ON a.id = s.account_id WHERE a.domain = 'globex.de'",
        )
        .get(),
    ).toEqual({ n: 2 })
  })

  it('answers a replayed batch as duplicates and changes nothing', async () => {
    const db = openDb(':memory:')
    const store = createStore(db)
    const signals = book()
    await store.signals.ingest(signals, T0)
    const before = stored(db)
    const again = await store.signals.ingest(signals, T0 + 1)
    expect(new Set(again.fates)).toEqual(new Set(['duplicate']))
    expect(stored(db)).toEqual(before)
  })
})

describe('ingest’s identity cache', () => {
  const countFor = (db: ReturnType<typeof openDb>, domain: string) =>
    (
      db
        .prepare(
          'SELECT count(*) AS n FROM signals s JOIN accounts a ON a.id = s.account_id WHERE a.domain = ?',
        )
        .get(domain) as { n: number }
    ).n

  it('forgets an account another connection deleted', async () => {
    const path = testDbPath('identity-cache')
    const db = openDb(path)
    const store = createStore(db)
    await store.signals.ingest([signal({ account: 'acme.pl' })], T0)
    const other = new Database(path)
    other.pragma('foreign_keys = ON')
    other.prepare("DELETE FROM accounts WHERE domain = 'acme.pl'").run()
    other.close()
    // With the deleted id, this insert would fail its foreign key or count for no account.
    const batch = await store.signals.ingest([signal({ account: 'acme.pl' })], T0)
    expect(batch.fates).toEqual(['stored'])
    expect(countFor(db, 'acme.pl')).toBe(1)
    db.close()
  })

  it('follows a contact this process moved to another account', async () => {
    const db = openDb(':memory:')
    const store = createStore(db)
    const anna = person('anna@acme.pl', 'acme.pl')
    await store.signals.ingest([signal({ account: null, contact: anna })], T0)
    await store.contacts.upsert('anna@acme.pl', 'acme.pl', { account: 'globex.de' }, T0, [])
    await store.signals.ingest([signal({ account: null, contact: anna })], T0)
    // Stored signals stay where they were; the new one counts for the new account.
    expect([countFor(db, 'acme.pl'), countFor(db, 'globex.de')]).toEqual([1, 1])
    db.close()
  })

  it('keeps nothing of a batch that rolled back', async () => {
    const db = openDb(':memory:')
    const store = createStore(db)
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON signals WHEN NEW.type = 'meeting'
      BEGIN SELECT RAISE(ABORT, 'refused'); END`)
    const doomed = [
      signal({ account: 'new.pl', contact: person('eve@new.pl', 'new.pl'), type: 'meeting' }),
    ]
    await expect(store.signals.ingest(doomed, T0)).rejects.toThrow('refused')
    expect(db.prepare("SELECT count(*) AS n FROM accounts WHERE domain = 'new.pl'").get()).toEqual({
      n: 0,
    })
    db.exec('DROP TRIGGER refuse')
    const batch = await store.signals.ingest(
      [signal({ account: 'new.pl', contact: person('eve@new.pl', 'new.pl') })],
      T0,
    )
    expect(batch.fates).toEqual(['stored'])
    expect(countFor(db, 'new.pl')).toBe(1)
    db.close()
  })
})
