import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toSignalRecord } from '../src/ingest/steps/signals.ts'
import { openDb } from '../src/store/db.ts'
import { listeningPort, runIntent } from '../test/helpers/spawn.ts'

const TYPES = ['content', 'search', 'review', 'web_visit', 'email'] as const
const TOPICS = ['Data Warehouse', 'CRM Software', 'Cloud Security', 'ERP', 'Marketing Automation']

/** Signal-shaped rows, deterministic, spread over accounts, contacts and topics. */
export function benchSignals(count: number, accounts: number) {
  const start = Date.UTC(2026, 4, 1)
  return Array.from({ length: count }, (_, i) => {
    const account = i % accounts
    return {
      id: `bench-${i}`,
      type: TYPES[i % TYPES.length]!,
      account: `company${account}.com`,
      contact: `person${i % 7}@company${account}.com`,
      topic: TOPICS[(i >> 3) % TOPICS.length]!,
      occurredAt: new Date(start + ((i * 7919) % (180 * 86_400)) * 1000).toISOString(),
    }
  })
}

/**
 * The ceiling: the same rows inserted straight into the same table (and indexes) by
 * better-sqlite3 in large transactions, with accounts, contacts and topics resolved beforehand.
 */
export function rawInsertRate(signals: ReturnType<typeof benchSignals>, dir: string): number {
  const db = openDb(join(dir, 'raw.db'))
  const now = Date.now()
  const ids = new Map<string, number>()
  const idOf = (sql: string, key: string, ...params: unknown[]) => {
    let id = ids.get(key)
    if (id === undefined) {
      id = (db.prepare(sql).get(...params) as { id: number }).id
      ids.set(key, id)
    }
    return id
  }
  const records = signals.map((signal) => {
    const record = toSignalRecord({
      ...signal,
      occurredAt: Date.parse(signal.occurredAt),
      contact: { email: signal.contact, accountDomain: signal.account },
      id: signal.id,
    } as never)
    const accountId = idOf(
      'INSERT INTO accounts (domain, created_at, updated_at) VALUES (?, ?, ?) RETURNING id',
      `a:${signal.account}`,
      signal.account,
      now,
      now,
    )
    const contactId = idOf(
      'INSERT INTO contacts (email, account_id, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id',
      `c:${signal.contact}`,
      signal.contact,
      accountId,
      now,
      now,
    )
    const topicId = idOf(
      'INSERT INTO topics (key, label) VALUES (?, ?) RETURNING id',
      `t:${record.topic!.key}`,
      record.topic!.key,
      record.topic!.label,
    )
    return [
      record.dedupeKey,
      record.externalId,
      record.type,
      accountId,
      contactId,
      topicId,
      record.occurredAt,
      now,
    ] as const
  })
  const insert = db.prepare(
    `INSERT INTO signals (dedupe_key, external_id, type, account_id, contact_id, topic_id, occurred_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertMany = db.transaction((rows: typeof records) => {
    for (const row of rows) insert.run(...row)
  })
  const started = performance.now()
  for (let i = 0; i < records.length; i += 10_000) insertMany(records.slice(i, i + 10_000))
  const seconds = (performance.now() - started) / 1000
  db.close()
  return records.length / seconds
}

/**
 * Signals per second through POST /v1/signals of real server processes, `clients` requests in
 * flight spread over `replicas` processes (default one, on a SQLite file in `dir`; `env` may
 * name another database, e.g. DATABASE_URL, for every replica).
 */
export async function httpIngestRate(
  signals: ReturnType<typeof benchSignals>,
  dir: string,
  options: {
    batch: number
    clients: number
    ndjson: boolean
    name: string
    env?: Record<string, string>
    replicas?: number
  },
): Promise<number> {
  const key = 'bench-admin-key-0123456789abcdef'
  const servers = Array.from({ length: options.replicas ?? 1 }, () =>
    runIntent(['serve'], {
      DB_PATH: join(dir, `${options.name}.db`),
      PORT: '0',
      ADMIN_API_KEY: key,
      LOG_LEVEL: 'info',
      // The benchmark measures throughput, not the per-key limit.
      RATE_LIMIT_PER_MINUTE: '0',
      ...options.env,
    }),
  )
  try {
    const ports = await Promise.all(servers.map((server) => listeningPort(server)))
    const bodies: string[] = []
    for (let i = 0; i < signals.length; i += options.batch) {
      const slice = signals.slice(i, i + options.batch)
      bodies.push(
        options.ndjson
          ? slice.map((s) => JSON.stringify(s)).join('\n')
          : JSON.stringify({ signals: slice }),
      )
    }
    const headers = {
      authorization: `Bearer ${key}`,
      'content-type': options.ndjson ? 'application/x-ndjson' : 'application/json',
    }
    let next = 0
    const client = async (port: number) => {
      while (next < bodies.length) {
        const body = bodies[next++]!
        const response = await fetch(`http://127.0.0.1:${port}/v1/signals`, {
          method: 'POST',
          headers,
          body,
        })
        if (response.status !== 200)
          throw new Error(`ingest answered ${response.status}: ${await response.text()}`)
        await response.arrayBuffer()
      }
    }
    const started = performance.now()
    await Promise.all(
      Array.from({ length: options.clients }, (_, i) => client(ports[i % ports.length]!)),
    )
    return signals.length / ((performance.now() - started) / 1000)
  } finally {
    for (const server of servers) server.child.kill('SIGTERM')
    await Promise.all(servers.map((server) => server.exited))
  }
}

export function benchDir(): string {
  return mkdtempSync(join(tmpdir(), 'intent-bench-'))
}
