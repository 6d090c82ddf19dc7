import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { surgingAccounts } from '../../src/domain/topics.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 20)

/** Steady reading on a topic for months; the surging accounts add a burst by new people. */
function history(domain: string, burst: boolean) {
  const signals = []
  for (let day = 1; day <= 100; day++) {
    const at = (hour: number) => new Date(NOW - day * DAY + hour * 3_600_000).toISOString()
    signals.push({
      type: 'content',
      account: domain,
      contact: `ana@${domain}`,
      topic: 'ERP',
      occurredAt: at(9),
    })
    if (burst && day <= 12)
      for (const person of ['cfo', 'cto', 'buyer'])
        signals.push({
          type: 'content',
          account: domain,
          contact: `${person}@${domain}`,
          topic: 'ERP',
          occurredAt: at(14),
        })
  }
  return signals
}

const DOMAINS = [
  ['hot-one.com', true],
  ['hot-two.com', true],
  ['calm-one.com', false],
  ['calm-two.com', false],
] as const

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** A service on a database file, so a second connection can look at (and into) its rows. */
async function bookOnFile(): Promise<{ t: TestApp; path: string }> {
  dir = mkdtempSync(join(tmpdir(), 'intent-surges-'))
  const path = join(dir, 'intent.db')
  const t = await buildTestApp({ DB_PATH: path })
  t.clock.set(NOW)
  for (const [domain, burst] of DOMAINS) {
    const response = await t.json('/v1/signals', 'POST', { signals: history(domain, burst) })
    expect(response.status).toBe(200)
  }
  return { t, path }
}

const lookUpAll = async (t: TestApp) => {
  for (const [domain] of DOMAINS)
    expect((await t.call(`/v1/accounts/${domain}`, { scope: 'read' })).status).toBe(200)
}

describe("a topic's surging accounts, from the stored scores", () => {
  it('are what rescoring every account gives, once the scores are stored', async () => {
    const { t } = await bookOnFile()
    const rescored = await surgingAccounts(t.ctx, 'ERP', NOW, 50)
    expect(rescored.accounts.map((a) => a.domain).sort()).toEqual(['hot-one.com', 'hot-two.com'])
    await lookUpAll(t)
    expect(await surgingAccounts(t.ctx, 'ERP', NOW, 50)).toEqual(rescored)
  })

  it('are read from the stored rows while a score may be served, and rescored once it may not', async () => {
    const { t, path } = await bookOnFile()
    await lookUpAll(t)
    const other = new Database(path)
    try {
      // Mark the stored row: only a page that reads it can show this surge.
      other
        .prepare(
          `UPDATE topic_surges SET body = json_set(body, '$.surge', 99.5)
           WHERE account_id = (SELECT id FROM accounts WHERE domain = 'hot-one.com')`,
        )
        .run()
      const stored = await surgingAccounts(t.ctx, 'ERP', NOW, 50)
      expect(stored.accounts.find((a) => a.domain === 'hot-one.com')?.surge).toBe(99.5)

      // An instant other than now is always rescored.
      const earlier = await surgingAccounts(t.ctx, 'ERP', NOW - 2 * DAY, 50)
      expect(earlier.accounts.find((a) => a.domain === 'hot-one.com')?.surge).not.toBe(99.5)

      // New activity makes the account dirty: its stored score is not served, so it is rescored.
      const signal = {
        type: 'content',
        account: 'hot-one.com',
        topic: 'ERP',
        occurredAt: new Date(NOW - 3_600_000).toISOString(),
      }
      expect((await t.json('/v1/signals', 'POST', { signals: [signal] })).status).toBe(200)
      const fresh = await surgingAccounts(t.ctx, 'ERP', NOW, 50)
      expect(fresh.accounts.find((a) => a.domain === 'hot-one.com')?.surge).not.toBe(99.5)
    } finally {
      other.close()
    }
  })

  it('go with the score: erasing the account leaves none of its rows', async () => {
    const { t, path } = await bookOnFile()
    await lookUpAll(t)
    const other = new Database(path, { readonly: true })
    const rows = () =>
      (
        other
          .prepare(
            `SELECT count(*) AS n FROM topic_surges
             WHERE account_id = (SELECT id FROM accounts WHERE domain = 'hot-two.com')`,
          )
          .get() as { n: number }
      ).n
    try {
      expect(rows()).toBeGreaterThan(0)
      expect(
        (await t.call('/v1/accounts/hot-two.com', { method: 'DELETE', scope: 'admin' })).status,
      ).toBe(200)
      expect(rows()).toBe(0)
      expect(
        (other.prepare('SELECT count(*) AS n FROM topic_surges').get() as { n: number }).n,
      ).toBeGreaterThan(0)
    } finally {
      other.close()
    }
  })
})
