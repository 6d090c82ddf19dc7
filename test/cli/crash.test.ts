import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { listeningPort, runIntent } from '../helpers/spawn.ts'

const KEY = 'crash-test-admin-key-0123456789ab'

function batch(n: number) {
  return Array.from({ length: 200 }, (_, i) => ({
    id: `b${n}-${i}`,
    type: 'content',
    account: `company${(n * 7 + i) % 40}.com`,
    contact: `p${i % 9}@company${(n * 7 + i) % 40}.com`,
    topic: 'ERP',
    occurredAt: new Date(Date.UTC(2026, 10, 1) - ((n * 200 + i) % 90) * 86_400_000).toISOString(),
  }))
}

async function post(port: number, n: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/v1/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signals: batch(n) }),
    })
    return response.status === 200
  } catch {
    return false // the connection died with the process: not acknowledged
  }
}

describe('crash safety', () => {
  it('keeps every acknowledged signal exactly once across SIGKILL, and client retries add no duplicates', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'intent-crash-')), 'intent.db')
    const env = { DB_PATH: dbPath, PORT: '0', ADMIN_API_KEY: KEY, LOG_LEVEL: 'warn' }
    const first = runIntent(['serve'], { ...env, LOG_LEVEL: 'info' })
    const port = await listeningPort(first)

    const acknowledged = new Set<number>()
    const attempted: number[] = []
    let next = 0
    let twentyAcknowledged!: () => void
    const midLoad = new Promise<void>((resolve) => {
      twentyAcknowledged = resolve
    })
    const client = async () => {
      while (next < 400) {
        const n = next++
        attempted.push(n)
        if (await post(port, n)) {
          acknowledged.add(n)
          if (acknowledged.size === 20) twentyAcknowledged()
        }
      }
    }
    const clients = Promise.all([client(), client(), client(), client()])
    // Kill it mid-load, without warning: as the twentieth batch is acknowledged.
    await Promise.race([
      midLoad,
      clients.then(() => {
        throw new Error(`the load ended with ${acknowledged.size} batches acknowledged`)
      }),
    ])
    first.child.kill('SIGKILL')
    await first.exited
    await clients

    const db = new Database(dbPath, { readonly: true })
    const ids = new Set(
      (db.prepare('SELECT external_id FROM signals').all() as { external_id: string }[]).map(
        (r) => r.external_id,
      ),
    )
    for (const n of acknowledged)
      for (let i = 0; i < 200; i++) expect(ids.has(`b${n}-${i}`)).toBe(true)
    // A batch is all or nothing: every stored batch is complete.
    const perBatch = db
      .prepare(
        "SELECT substr(external_id, 1, instr(external_id, '-') - 1) AS b, count(*) AS n FROM signals GROUP BY b",
      )
      .all() as { n: number }[]
    expect(perBatch.every((row) => row.n === 200)).toBe(true)
    db.close()

    // The client retries everything it did not hear back about; nothing is stored twice.
    const second = runIntent(['serve'], { ...env, LOG_LEVEL: 'info' })
    const port2 = await listeningPort(second)
    for (const n of attempted.filter((n) => !acknowledged.has(n)))
      expect(await post(port2, n)).toBe(true)
    second.child.kill('SIGTERM')
    await second.exited

    const check = new Database(dbPath, { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    const { total, unique_ids: distinct } = check
      .prepare('SELECT count(*) AS total, count(DISTINCT external_id) AS unique_ids FROM signals')
      .get() as { total: number; unique_ids: number }
    expect(total).toBe(distinct)
    expect(total).toBe(attempted.length * 200)
    check.close()
    console.log(
      `crash test: ${acknowledged.size} batches acknowledged before SIGKILL, ${attempted.length - acknowledged.size} retried, ${total} signals stored once each`,
    )
  }, 60_000)
})
