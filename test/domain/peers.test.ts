import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultFixtureOptions } from '../../src/demo/generate.ts'
import { fixedClock } from '../../src/clock.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext } from '../../src/composition-root.ts'
import type { Ctx } from '../../src/domain/context.ts'
import { peerRates, preparePeerRates } from '../../src/domain/peers.ts'
import type { PeerRates } from '../../src/scoring/peer-totals.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { ingestSignals } from '../../src/domain/signals.ts'
import { cellActivity, windowsAt } from '../../src/scoring/activity.ts'
import { SIZE_BANDS, sizeBand } from '../../src/scoring/segments.ts'
import { createLogger } from '../../src/logger.ts'

const AS_OF = Date.parse(defaultFixtureOptions.asOf)
let dbPath: string
let ctx: Ctx

const contextOn = (path: string, at = AS_OF) =>
  buildContext(testConfig({ DB_PATH: path }), {
    clock: fixedClock(new Date(at).toISOString()),
    logger: createLogger('silent'),
  })

beforeAll(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'intent-peers-')), 'peers.db')
  ctx = contextOn(dbPath)
  await loadFixtures(ctx, { accounts: 80 })
}, 120_000)

/**
 * The reference: one GROUP BY over the window in SQL (the query the scan replaced), with the
 * segment computed in JavaScript so that non-ASCII industries compare the same way.
 */
function referenceRates(path: string, asOf: number, scoring: Ctx['scoring']) {
  const db = new Database(path, { readonly: true })
  const windows = windowsAt(asOf, scoring)
  const rows = db
    .prepare(
      `SELECT a.industry, a.employees, t.account_id, t.topic_id, t.type, t.signals, t.people, t.weight_sum, t.weighted
       FROM topic_daily t JOIN accounts a ON a.id = t.account_id
       WHERE t.topic_id > 0 AND t.day >= ? AND t.day <= ?`,
    )
    .all(windows.baselineFirstDay, windows.baselineLastDay) as {
    industry: string | null
    employees: number | null
    account_id: number
    topic_id: number
    type: 'content'
    signals: number
    people: number
    weight_sum: number
    weighted: number
  }[]
  db.close()
  const cells = new Map<string, { topicId: number; type: 'content'; s: number[] }>()
  const active = new Map<string, Set<number>>()
  for (const row of rows) {
    const segment = `${(row.industry ?? '').trim().toLowerCase()}|${sizeBand(row.employees)}`
    const key = `${segment}|${row.topic_id}|${row.type}`
    const cell = cells.get(key) ?? { topicId: row.topic_id, type: row.type, s: [0, 0, 0, 0] }
    cell.s[0]! += row.signals
    cell.s[1]! += row.people
    cell.s[2]! += row.weight_sum
    cell.s[3]! += row.weighted
    cells.set(key, cell)
    const followers = active.get(`${segment}|${row.topic_id}`) ?? new Set()
    followers.add(row.account_id)
    active.set(`${segment}|${row.topic_id}`, followers)
  }
  const activity = new Map<string, number>()
  for (const [key, cell] of cells) {
    const segmentTopic = key.slice(0, key.lastIndexOf('|'))
    const value = cellActivity(
      {
        topicId: cell.topicId,
        day: 0,
        type: cell.type,
        signals: cell.s[0]!,
        people: cell.s[1]!,
        weightSum: cell.s[2]!,
        weighted: cell.s[3]!,
      },
      scoring,
    )
    activity.set(segmentTopic, (activity.get(segmentTopic) ?? 0) + value)
  }
  return { activity, active }
}

/** Compares every segment × topic rate with the reference; returns how many were compared. */
function compareWithReference(rates: PeerRates, tuned: Ctx, asOf: number) {
  const reference = referenceRates(dbPath, asOf, tuned.scoring)
  const overall = new Map<string, { activity: number; accounts: number }>()
  for (const [key, followers] of reference.active) {
    const topic = key.slice(key.lastIndexOf('|') + 1)
    const total = overall.get(topic) ?? { activity: 0, accounts: 0 }
    total.activity += reference.activity.get(key)!
    total.accounts += followers.size
    overall.set(topic, total)
  }
  const mean = (activity: number, accounts: number) =>
    Math.max(tuned.scoring.minPeerRatePerDay, activity / (accounts * tuned.scoring.baselineDays))
  let compared = 0
  let ownSegment = 0
  for (const [key, followers] of reference.active) {
    const [industry, band, topic] = key.split('|') as [string, string, string]
    const max = SIZE_BANDS.find((b) => b.name === band)?.max
    const employees = max === undefined ? null : Number.isFinite(max) ? max : 100_000
    const own = followers.size >= tuned.scoring.minPeerAccounts
    const fallback = overall.get(topic)!
    const expected = own
      ? mean(reference.activity.get(key)!, followers.size)
      : mean(fallback.activity, fallback.accounts)
    expect(rates.rate(industry, employees, Number(topic))).toBeCloseTo(expected, 9)
    compared += 1
    if (own) ownSegment += 1
  }
  return { compared, ownSegment }
}

describe('peer baselines', () => {
  it('equal one GROUP BY over the window, segment by segment', async () => {
    // Small segments on 80 accounts: let two followers make a segment its own baseline.
    const tuned: Ctx = { ...ctx, scoring: { ...ctx.scoring, minPeerAccounts: 2 } }
    const rates = await peerRates(tuned, windowsAt(AS_OF, tuned.scoring))
    const { compared, ownSegment } = compareWithReference(rates, tuned, AS_OF)
    expect(compared).toBeGreaterThan(5)
    expect(ownSegment).toBeGreaterThan(0)
    expect(compared).toBeGreaterThan(5)
  })

  it('of many windows, computed in one scan, equal each window against the reference', async () => {
    const tuned: Ctx = { ...ctx, scoring: { ...ctx.scoring, minPeerAccounts: 2, baselineDays: 30 } }
    // Consecutive days (a history), then snapshot dates a fortnight apart (training).
    const asOfs = [
      ...Array.from({ length: 12 }, (_, i) => AS_OF - i * 86_400_000),
      ...Array.from({ length: 5 }, (_, i) => AS_OF - (20 + 14 * i) * 86_400_000),
    ]
    await preparePeerRates(
      tuned,
      asOfs.map((asOf) => windowsAt(asOf, tuned.scoring).baselineFirstDay),
    )
    for (const asOf of asOfs) {
      const rates = await peerRates(tuned, windowsAt(asOf, tuned.scoring))
      const { compared, ownSegment } = compareWithReference(rates, tuned, asOf)
      expect(compared).toBeGreaterThan(5)
      expect(ownSegment).toBeGreaterThan(0)
    }
  })

  it('are stored once per window and reused by another process on the same database', async () => {
    await peerRates(ctx, windowsAt(AS_OF, ctx.scoring))
    const db = new Database(dbPath, { readonly: true })
    const stored = db
      .prepare('SELECT first_day, computed_at FROM peer_baselines WHERE first_day = ?')
      .all(windowsAt(AS_OF, ctx.scoring).baselineFirstDay)
    db.close()
    // One row per scoring configuration of this window (the first test used a tuned one).
    expect(stored).toEqual([
      { first_day: windowsAt(AS_OF, ctx.scoring).baselineFirstDay, computed_at: AS_OF },
      { first_day: windowsAt(AS_OF, ctx.scoring).baselineFirstDay, computed_at: AS_OF },
    ])

    // Another process finds them without scanning: even with the rollups gone it answers the same.
    const other = contextOn(dbPath)
    const writer = new Database(dbPath)
    writer.exec('SAVEPOINT keep; DELETE FROM topic_daily')
    const reused = await peerRates(other, windowsAt(AS_OF, other.scoring))
    writer.exec('ROLLBACK TO keep; RELEASE keep')
    writer.close()
    const original = await peerRates(ctx, windowsAt(AS_OF, ctx.scoring))
    for (const topic of [1, 2, 3, 4, 5])
      expect(reused.rate('software', 120, topic)).toBe(original.rate('software', 120, topic))
  })

  it('are recomputed after signals arrive for a day of their window, not for today', async () => {
    const windows = windowsAt(AS_OF, ctx.scoring)
    const stored = () => {
      const db = new Database(dbPath, { readonly: true })
      const rows = db
        .prepare('SELECT computed_at FROM peer_baselines WHERE first_day = ?')
        .pluck()
        .all(windows.baselineFirstDay)
      db.close()
      return rows
    }
    await peerRates(ctx, windows)
    expect(stored().length).toBeGreaterThan(0)
    const [domain] = (await ctx.store.accounts.list(null, 1)).items.map((a) => a.domain)
    const signal = (day: number, id: string) => ({
      id,
      type: 'content' as const,
      account: domain!,
      contact: undefined,
      topic: 'ERP',
      action: undefined,
      occurredAt: day * 86_400_000 + 3_600_000,
      weight: undefined,
      durationSeconds: undefined,
      source: undefined,
      url: undefined,
    })
    await ingestSignals(ctx, [signal(windows.lastDay, 'today-1')])
    expect(stored().length).toBeGreaterThan(0)
    await ingestSignals(ctx, [signal(windows.baselineFirstDay + 3, 'backfill-1')])
    expect(stored()).toEqual([])

    // The next process (or this one, an hour on) computes them again, with the new signal.
    const later = contextOn(dbPath, AS_OF + 61 * 60_000)
    await peerRates(later, windowsAt(AS_OF, later.scoring))
    expect(stored()).toEqual([AS_OF + 61 * 60_000])
  })
})
