import { describe, expect, it } from 'vitest'
import type { SignalRecord } from '../../src/records.ts'
import { openDb } from '../../src/store/db.ts'
import { createStore } from '../../src/store/index.ts'
import {
  accountRebuilder,
  DAY_MS,
  dayRebuilder,
  rebuildAllRollups,
} from '../../src/store/repos/rollups.ts'
import { signalRecord } from '../helpers/signal-records.ts'

const T0 = Date.parse('2026-11-20T00:00:00Z')

const signal = signalRecord
const anna = { email: 'anna@acme.pl', accountDomain: 'acme.pl' }
const ivan = { email: 'ivan@acme.pl', accountDomain: 'acme.pl' }
const erp = { key: 'erp', label: 'ERP' }

/** Signals on both sides of midnight, shared and lone people, weights, topics, and 1969. */
const BOOK: SignalRecord[] = [
  signal({ contact: anna, topic: erp, weight: 2 }),
  signal({ contact: anna, topic: erp, occurredAt: T0 + 5 * 3_600_000 }),
  signal({ contact: ivan, topic: erp, occurredAt: T0 + DAY_MS - 1 }),
  signal({ contact: ivan, topic: erp, occurredAt: T0 + DAY_MS }),
  signal({ type: 'web_visit', occurredAt: T0 + 1 }),
  signal({ type: 'web_visit', occurredAt: T0 + 2, weight: 0.5 }),
  signal({ type: 'form', contact: anna, occurredAt: T0 - 3 * DAY_MS }),
  signal({
    account: 'globex.de',
    topic: erp,
    contact: { email: 'jo@globex.de', accountDomain: 'globex.de' },
  }),
  signal({ account: 'globex.de', occurredAt: -1 }),
  signal({ account: 'globex.de', occurredAt: -DAY_MS - 7, contact: anna }),
]

function rollups(db: ReturnType<typeof openDb>) {
  return {
    cells: db.prepare('SELECT * FROM topic_daily ORDER BY account_id, day, topic_id, type').all(),
    people: db
      .prepare(
        'SELECT * FROM topic_daily_people ORDER BY account_id, day, topic_id, type, contact_id',
      )
      .all(),
  }
}

async function ingested() {
  const db = openDb(':memory:')
  const store = createStore(db)
  // In three batches, so the incremental writer adds to cells it wrote before.
  for (const batch of [BOOK.slice(0, 3), BOOK.slice(3, 7), BOOK.slice(7)])
    await store.signals.ingest(batch, T0)
  return db
}

describe('the daily rollup has one definition', () => {
  it('ingest’s incremental writer and every SQL rebuild (whole book, account, day) agree', async () => {
    const db = await ingested()
    const incremental = rollups(db)
    expect(incremental.cells.length).toBeGreaterThan(5)

    db.transaction(() => rebuildAllRollups(db))()
    expect(rollups(db)).toEqual(incremental)

    const accountIds = (db.prepare('SELECT id FROM accounts').all() as { id: number }[]).map(
      (row) => row.id,
    )
    const rebuildAccount = accountRebuilder(db)
    for (const id of accountIds) rebuildAccount(id)
    expect(rollups(db)).toEqual(incremental)

    const rebuildDay = dayRebuilder(db)
    const days = db.prepare('SELECT DISTINCT account_id, day FROM topic_daily').all() as {
      account_id: number
      day: number
    }[]
    for (const { account_id, day } of days) rebuildDay(account_id, day)
    expect(rollups(db)).toEqual(incremental)
    db.close()
  })

  it('puts a signal before 1970 on the day Math.floor gives it, in SQL as in JS', async () => {
    const db = await ingested()
    const days = (
      db.prepare('SELECT DISTINCT day FROM topic_daily ORDER BY day').all() as { day: number }[]
    ).map((row) => row.day)
    expect(days.slice(0, 2)).toEqual([Math.floor((-DAY_MS - 7) / DAY_MS), Math.floor(-1 / DAY_MS)])
    db.transaction(() => rebuildAllRollups(db))()
    expect(
      (db.prepare('SELECT DISTINCT day FROM topic_daily ORDER BY day').all() as { day: number }[])
        .map((row) => row.day)
        .slice(0, 2),
    ).toEqual([-2, -1])
    db.close()
  })
})
