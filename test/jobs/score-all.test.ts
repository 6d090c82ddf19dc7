import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { defaultFixtureOptions } from '../../src/demo/generate.ts'
import { scoreAccount } from '../../src/domain/in-market.ts'
import { HISTORY_DAYS } from '../../src/domain/score-history.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { type ScoreRow, scoreAll } from '../../src/jobs/score-all.ts'
import { DAY_MS } from '../../src/vocabulary.ts'
import { buildTestApp } from '../helpers/app.ts'

describe('scoreAll', () => {
  it('stops when asked, then resumes after the last account it finished', async () => {
    const t = await buildTestApp()
    for (let i = 0; i < 12; i++)
      await t.json(`/v1/accounts/company${String(i).padStart(2, '0')}.com`, 'PUT', {})
    const asOf = t.clock.now()
    const first: ScoreRow[] = []
    const stopped = await scoreAll(t.ctx, {
      asOf,
      write: async (row) => {
        first.push(row)
      },
      shouldStop: () => first.length >= 5,
    })
    expect(stopped).toMatchObject({ interrupted: true, scored: 5 })
    const second: ScoreRow[] = []
    const resumed = await scoreAll(t.ctx, {
      asOf,
      write: async (row) => {
        second.push(row)
      },
      shouldStop: () => false,
    })
    expect(resumed).toMatchObject({ interrupted: false, scored: 7, resumedAfter: 5 })
    expect([...first, ...second].map((row) => row.domain)).toEqual(
      Array.from({ length: 12 }, (_, i) => `company${String(i).padStart(2, '0')}.com`),
    )
    // Finished: the next run starts from the beginning.
    const again: ScoreRow[] = []
    await scoreAll(t.ctx, {
      asOf,
      write: async (row) => void again.push(row),
      shouldStop: () => false,
    })
    expect(again).toHaveLength(12)
    expect((await t.ctx.store.scores.leaderboard({ limit: 100 })).length).toBe(12)
  })
})

describe('scoreAll on worker threads', () => {
  it('asked to stop before the first page, reports an interrupted run that the next one completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-pool-stop-'))
    const t = await buildTestApp({ DB_PATH: join(dir, 'stop.db') })
    for (let i = 0; i < 3; i++) await t.json(`/v1/accounts/company${i}.com`, 'PUT', {})
    const asOf = t.clock.now()
    const rows: ScoreRow[] = []
    const options = { asOf, workers: 1, write: async (row: ScoreRow) => void rows.push(row) }
    const stopped = await scoreAll(t.ctx, { ...options, shouldStop: () => true })
    expect(stopped).toEqual({ scored: 0, resumedAfter: 0, interrupted: true })
    expect(rows).toEqual([])
    const completed = await scoreAll(t.ctx, { ...options, shouldStop: () => false })
    expect(completed).toEqual({ scored: 3, resumedAfter: 0, interrupted: false })
    expect(rows.map((row) => row.domain)).toEqual(['company0.com', 'company1.com', 'company2.com'])
    await t.ctx.store.close()
  }, 60_000)
})

describe('a backfill: scoreAll as of more than a day ago', () => {
  it('adds each account a history point for that day and leaves the current scores alone', async () => {
    const t = await buildTestApp()
    await t.json('/v1/accounts/acme.com', 'PUT', {})
    const asOf = t.clock.now() - 3 * DAY_MS
    const rows: ScoreRow[] = []
    await scoreAll(t.ctx, {
      asOf,
      write: async (row) => void rows.push(row),
      shouldStop: () => false,
    })
    expect((await t.ctx.store.scores.current('acme.com'))?.score ?? null).toBeNull()
    const day = Math.floor((asOf - 1) / DAY_MS)
    const id = (await t.ctx.store.accounts.pageById(0, 1))[0]!.id
    expect(await t.ctx.store.scores.history(id, day - 1, day + 1)).toEqual([
      expect.objectContaining({ day, score: rows[0]!.score }),
    ])
  })
})

describe('scores stored by the batch job', () => {
  it('hold no committee until the first look-up adds it, as of the same instant', async () => {
    const t = await buildTestApp()
    await t.json('/v1/contacts/anna@acme.pl', 'PUT', { title: 'CFO', account: 'acme.pl' })
    await t.json('/v1/contacts/jan@acme.pl', 'PUT', { title: 'IT Manager', account: 'acme.pl' })
    const at = new Date(t.clock.now() - 3_600_000).toISOString()
    const signals = ['anna@acme.pl', 'jan@acme.pl'].map((contact) => ({
      type: 'content',
      contact,
      topic: 'ERP',
      occurredAt: at,
    }))
    expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
    const asOf = t.clock.now()
    await scoreAll(t.ctx, { asOf, write: async () => {}, shouldStop: () => false })
    const stored = async () => {
      const current = await t.ctx.store.scores.current('acme.pl')
      return JSON.parse(current!.score!.body) as { committee?: unknown; computedAt: number }
    }
    expect((await stored()).committee).toBeUndefined()

    const lookUp = await t.call('/v1/accounts/acme.pl', { scope: 'read' })
    const answer = (await lookUp.json()) as { committee: unknown; computedAt: string }
    expect(answer.computedAt).toBe(new Date(asOf).toISOString())
    const direct = await t.call(
      `/v1/accounts/acme.pl/committee?asOf=${new Date(asOf).toISOString()}`,
      { scope: 'read' },
    )
    expect(answer.committee).toEqual(await direct.json())
    expect(JSON.stringify(answer.committee)).toContain('anna@acme.pl')
    // Stored right after the answer (look-ups of one moment share a commit), the instant unchanged.
    await new Promise((resolve) => setImmediate(resolve))
    expect((await stored()).committee).toBeDefined()
    expect((await stored()).computedAt).toBe(asOf)
  })
})

describe('the batch walk', () => {
  it('scores every account exactly as a look-up as of the same instant would, quiet ones included', async () => {
    const t = await buildTestApp()
    t.clock.set(Date.parse(defaultFixtureOptions.asOf))
    await loadFixtures(t.ctx, { accounts: 16 })
    // Accounts with no signal at all, and one whose only signal comes after asOf.
    for (const domain of ['quiet-one.com', 'quiet-two.pl', 'later.de'])
      await t.json(`/v1/accounts/${domain}`, 'PUT', { industry: 'Software', employees: 300 })
    const asOf = t.clock.now() - 86_400_000
    const after = new Date(asOf + 3_600_000).toISOString()
    await t.json('/v1/signals', 'POST', {
      signals: [{ type: 'content', account: 'later.de', topic: 'ERP', occurredAt: after }],
    })
    const rows: ScoreRow[] = []
    await scoreAll(t.ctx, {
      asOf,
      write: async (row) => void rows.push(row),
      shouldStop: () => false,
    })
    expect(rows).toHaveLength(19)
    let active = 0
    for (const row of rows) {
      const alone = await scoreAccount(t.ctx, row.domain, asOf)
      expect(row).toMatchObject({
        score: alone.inMarket.score,
        probability: Math.round(alone.inMarket.probability * 10_000) / 10_000,
        label: alone.inMarket.label,
        stage: alone.inMarket.stage,
        fitGrade: alone.fit.grade,
        surgingTopics: alone.snapshot.intent.intent.surgingTopics.join('|'),
      })
      if (alone.snapshot.intent.intent.lastSignalAt !== null) active += 1
    }
    expect(active).toBeGreaterThanOrEqual(10)
  }, 60_000)
})

describe('the batch on worker threads', () => {
  it('writes the same rows and stores the same scores as on one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-pool-'))
    const t = await buildTestApp({ DB_PATH: join(dir, 'pool.db') })
    t.clock.set(Date.parse(defaultFixtureOptions.asOf))
    await loadFixtures(t.ctx, { accounts: 12 })
    await t.json('/v1/accounts/quiet-one.com', 'PUT', { industry: 'Software', employees: 300 })
    const asOf = t.clock.now() - 86_400_000
    const run = async (workers: number) => {
      const rows: ScoreRow[] = []
      const result = await scoreAll(t.ctx, {
        asOf,
        workers,
        write: async (row) => void rows.push(row),
        shouldStop: () => false,
      })
      const stored = await Promise.all(
        rows.map(async (row) => (await t.ctx.store.scores.current(row.domain))!.score),
      )
      return { result, rows, stored }
    }
    const pooled = await run(1)
    const single = await run(0)
    expect(pooled.result).toEqual({ scored: 13, resumedAfter: 0, interrupted: false })
    expect(pooled.rows).toEqual(single.rows)
    expect(pooled.stored).toEqual(single.stored)
    // Real work was compared: accounts with activity, and scores that differ between accounts.
    const withTopics = pooled.stored.filter(
      (score) =>
        (JSON.parse(score!.body) as { intent: { topics: unknown[] } }).intent.topics.length > 0,
    )
    expect(withTopics.length).toBeGreaterThan(5)
    expect(new Set(pooled.rows.map((row) => row.probability)).size).toBeGreaterThan(5)
    await t.ctx.store.close()
  }, 60_000)
})

describe('a complete batch run', () => {
  it("stores the peer baselines of every day of an account page's chart, so no page computes them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-batch-peers-'))
    const path = join(dir, 'intent.db')
    const t = await buildTestApp({ DB_PATH: path })
    await t.json('/v1/signals', 'POST', {
      signals: [
        {
          type: 'content',
          account: 'acme.com',
          topic: 'ERP',
          occurredAt: new Date(t.clock.now() - DAY_MS).toISOString(),
        },
      ],
    })
    const windows = () => {
      const other = new Database(path, { readonly: true })
      try {
        return (other.prepare('SELECT count(*) AS n FROM peer_baselines').get() as { n: number }).n
      } finally {
        other.close()
      }
    }
    const asOf = t.clock.now()
    const interrupted = await scoreAll(t.ctx, {
      asOf,
      write: async () => {},
      shouldStop: () => true,
    })
    expect(interrupted.interrupted).toBe(true)
    const before = windows()
    await scoreAll(t.ctx, { asOf, write: async () => {}, shouldStop: () => false })
    // One window a day of the chart (90), beside the few the scoring itself used.
    expect(windows()).toBeGreaterThanOrEqual(HISTORY_DAYS)
    expect(windows()).toBeGreaterThan(before)
  })
})
