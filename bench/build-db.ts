import { join } from 'node:path'
import { generateAccounts, generateContacts, generateSignals } from '../src/demo/generate.ts'
import { toSignalRecord } from '../src/ingest/steps/signals.ts'
import { bulkLoader } from '../src/store/bulk.ts'
import { openDb } from '../src/store/db.ts'

const CHUNK = 20_000

/**
 * The look-up and batch database: `accounts` generated accounts with their contacts, and the
 * generator's first `signals` signals (it emits them account by account, a year each, so the
 * first few thousand accounts are active and the rest are quiet, as in a real book). Loaded in
 * bulk: the ingest path is measured on its own.
 */
export function buildLookupDatabase(dir: string, accounts: number, signals: number) {
  const started = performance.now()
  const path = join(dir, 'lookup.db')
  const db = openDb(path)
  const load = bulkLoader(db, Date.now())
  // Anchored on today, so that the recent window holds activity as it would in production.
  const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString()
  const options = { accounts, seed: 8, asOf: today }
  chunked(generateAccounts(options), (rows) =>
    load.accounts(rows.map((a) => ({ ...a, technologies: a.technologies }))),
  )
  chunked(generateContacts(options), (rows) =>
    load.contacts(
      rows.map((c) => ({ email: c.email, accountDomain: c.account, name: c.name, title: c.title })),
    ),
  )
  let loaded = 0
  chunked(
    take(generateSignals(options), signals),
    (rows) => {
      load.signals(
        rows.map((s) => {
          const record = toSignalRecord({
            ...s,
            occurredAt: Date.parse(s.occurredAt),
            contact: s.contact ? { email: s.contact, accountDomain: s.account ?? null } : undefined,
          } as never)
          return {
            dedupeKey: record.dedupeKey,
            externalId: record.externalId,
            type: record.type,
            accountDomain: s.account ?? null,
            contactEmail: s.contact ?? null,
            topic: record.topic,
            occurredAt: record.occurredAt,
            weight: record.weight,
          }
        }),
      )
      loaded += rows.length
    },
    100_000,
  )
  load.finish()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return { path, signals: loaded, seconds: (performance.now() - started) / 1000 }
}

function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return
  let n = 0
  for (const item of items) {
    yield item
    if (++n >= count) return
  }
}

function chunked<T>(items: Iterable<T>, write: (rows: T[]) => void, size = CHUNK) {
  let rows: T[] = []
  for (const item of items) {
    rows.push(item)
    if (rows.length >= size) {
      write(rows)
      rows = []
    }
  }
  if (rows.length > 0) write(rows)
}
