import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { defaultFixtureOptions } from '../../src/demo/generate.ts'
import { defaultModel, scoreAccount } from '../../src/domain/in-market.ts'
import { subscribe } from '../../src/domain/notifications.ts'
import { storeScores } from '../../src/domain/score-writes.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { type ScoreRow, scoreAll } from '../../src/jobs/score-all.ts'
import { scoredAccount } from '../../src/jobs/score-rows.ts'
import type { InMarketModel } from '../../src/scoring/model.ts'
import { DAY_MS } from '../../src/vocabulary.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { testDbPath } from '../helpers/stored.ts'

/**
 * Quiet accounts of the same fit and firmographic term values share one computed score in a
 * batch, and are stored by one statement per table: what it stores must be exactly what
 * scoring and storing each account alone stores, row by row, with the same notifications.
 */

/** Firmographics of quiet accounts: some equal, some differing in what the model or the profile reads. */
const QUIET: [string, Record<string, unknown>][] = [
  ['quiet-a1.com', { industry: 'Software', employees: 300, country: 'PL', technologies: ['SAP'] }],
  ['quiet-a2.com', { industry: 'Software', employees: 300, country: 'PL', technologies: ['SAP'] }],
  ['quiet-a3.com', { industry: 'Software', employees: 320, country: 'PL', technologies: ['SAP'] }],
  ['quiet-b1.de', { industry: 'Manufacturing', employees: 5000, country: 'DE' }],
  ['quiet-b2.de', { industry: 'Manufacturing', employees: 5000, country: 'DE' }],
  ['quiet-c1.fr', { industry: 'Software', employees: 300, country: 'FR', technologies: ['SAP'] }],
  ['quiet-d1.pl', { industry: 'Retail', attributes: { tier: 2, plan: 'gold' } }],
  ['quiet-d2.pl', { industry: 'Retail', attributes: { tier: 3, plan: 'gold' } }],
  ['quiet-d3.pl', { industry: 'Retail', attributes: { tier: 3, plan: 'gold' } }],
  ['quiet-e1.com', {}],
  ['quiet-e2.com', {}],
  // Quiet but for an outcome, and quiet until a signal after asOf.
  ['decided.com', { industry: 'Software', employees: 300, country: 'PL' }],
  ['later.com', { industry: 'Software', employees: 300, country: 'PL' }],
]

/** The shipped model with terms on firmographics and attributes, so quiet accounts differ. */
function firmographicModel(): InMarketModel {
  const base = defaultModel()
  return {
    ...base,
    id: 'm-test-firmographic',
    terms: [
      ...base.terms,
      {
        kind: 'levels',
        feature: 'industry',
        mean: 0.1,
        amount: 'one',
        weights: { software: 0.8, manufacturing: -0.4 },
        other: null,
        single: true,
      },
      {
        kind: 'levels',
        feature: 'technologies',
        mean: 0,
        amount: 'one',
        weights: { sap: 0.5 },
        other: 0.1,
        single: false,
      },
      {
        kind: 'linear',
        feature: 'attr.tier',
        mean: 0,
        transform: 'identity',
        center: 2,
        scale: 1,
        weight: 0.7,
      },
    ],
  }
}

async function book(path: string): Promise<TestApp> {
  const profile = join(dirname(path), 'scoring.json')
  writeFileSync(profile, JSON.stringify({ icp: { industries: ['Software'], countries: ['PL'] } }))
  const t = await buildTestApp({ DB_PATH: path, SCORING_CONFIG: profile })
  t.clock.set(Date.parse(defaultFixtureOptions.asOf))
  await loadFixtures(t.ctx, { accounts: 12 })
  for (const [domain, firmographics] of QUIET)
    expect((await t.json(`/v1/accounts/${domain}`, 'PUT', firmographics)).status).toBe(201)
  const asOf = t.clock.now() - DAY_MS
  const outcome = { account: 'decided.com', type: 'opportunity', occurredAt: iso(asOf - DAY_MS) }
  expect((await t.json('/v1/outcomes', 'POST', { outcomes: [outcome] })).status).toBe(200)
  const signal = { type: 'content', account: 'later.com', topic: 'ERP', occurredAt: iso(asOf + 1) }
  expect((await t.json('/v1/signals', 'POST', { signals: [signal] })).status).toBe(200)
  await subscribe(t.ctx, {
    url: 'https://hooks.example.com/intent',
    events: ['score.crossed', 'label.changed', 'stage.changed'],
    threshold: 2,
    secret: 'a-long-enough-secret-0123456789',
  })
  return t
}

const iso = (at: number) => new Date(at).toISOString()

type Scoring = (t: TestApp, asOf: number) => Promise<ScoreRow[]>

const batch =
  (workers: number): Scoring =>
  async (t, asOf) => {
    const rows: ScoreRow[] = []
    const result = await scoreAll(t.ctx, {
      asOf,
      workers,
      write: async (row) => void rows.push(row),
      shouldStop: () => false,
    })
    expect(result.interrupted).toBe(false)
    return rows
  }

/** Each account scored and stored on its own, in id order, as the batch stored them before. */
const oneByOne: Scoring = async (t, asOf) => {
  const rows: ScoreRow[] = []
  for (let after = 0; ; ) {
    const page = await t.ctx.store.accounts.pageById(after, 100)
    if (page.length === 0) return rows
    for (const { id, account } of page) {
      const scored = await scoreAccount(t.ctx, account.domain, asOf)
      rows.push(scoredAccount({ id, account, silent: false, quiet: false }, scored, asOf).row)
      await storeScores(t.ctx, [{ accountId: id, domain: account.domain, scored }], asOf, {
        withCommittee: false,
      })
    }
    after = page.at(-1)!.id
  }
}

/** Every row a batch writes, by table, in key order. */
function stored(path: string) {
  const db = new Database(path, { readonly: true })
  try {
    const all = (sql: string) => db.prepare(sql).all()
    return {
      scores: all(
        'SELECT a.domain, s.* FROM account_scores s JOIN accounts a ON a.id = s.account_id ORDER BY s.account_id',
      ) as { domain: string; body: string }[],
      history: all('SELECT * FROM score_history ORDER BY account_id, day'),
      topics: all('SELECT * FROM topic_surges ORDER BY account_id, topic_id'),
      dirty: all('SELECT * FROM dirty_accounts ORDER BY account_id'),
      // Without their random ids (and the subscription's: each book makes its own).
      deliveries: (
        all('SELECT event, payload, status, created_at FROM deliveries ORDER BY rowid') as {
          payload: string
        }[]
      ).map(({ payload, ...rest }) => ({ ...rest, payload: { ...JSON.parse(payload), id: null } })),
    }
  } finally {
    db.close()
  }
}

/** Scores the book twice (the shipped model, then one reading firmographics), the given way. */
async function scoreTwice(score: Scoring) {
  const path = testDbPath('batch-stored')
  const t = await book(path)
  // Both as of the last day, so both store current scores.
  const asOf = t.clock.now() - 3_600_000
  const first = await score(t, asOf - 3_600_000)
  const model = firmographicModel()
  await t.ctx.store.models.save(model.id, JSON.stringify(model), t.clock.now())
  expect(await t.ctx.store.models.activate(model.id)).toBe(true)
  const second = await score(t, asOf)
  await t.ctx.store.close()
  return { rows: [...first, ...second], stored: stored(path) }
}

describe('a batch with quiet accounts sharing their score', () => {
  it('stores every row exactly as scoring and storing each account alone does, with the same notifications', async () => {
    const alone = await scoreTwice(oneByOne)
    const batched = await scoreTwice(batch(0))
    expect(batched.rows).toEqual(alone.rows)
    expect(batched.stored).toEqual(alone.stored)

    // Real work was compared: quiet accounts with different scores and documents under the
    // second model (and some sharing one though their firmographics differ), active ones
    // with topics, and notifications.
    const second = alone.rows.slice(alone.rows.length / 2)
    const quiet = second.filter((row) => row.domain.startsWith('quiet-'))
    expect(new Set(quiet.map((row) => row.probability)).size).toBeGreaterThanOrEqual(4)
    expect(new Set(quiet.map((row) => row.fitGrade)).size).toBeGreaterThanOrEqual(2)
    const bodies = alone.stored.scores
      .filter((score) => score.domain.startsWith('quiet-'))
      .map((score) => score.body)
    expect(new Set(bodies).size).toBeGreaterThanOrEqual(6)
    expect(new Set(bodies).size).toBeLessThan(bodies.length)
    expect(alone.stored.topics.length).toBeGreaterThan(10)
    expect(alone.stored.history.length).toBeGreaterThanOrEqual(second.length)
    const notified = alone.stored.deliveries.map((delivery) => delivery.payload.account as string)
    expect(notified.filter((domain) => domain.startsWith('quiet-')).length).toBeGreaterThan(2)
    expect(notified.filter((domain) => !domain.startsWith('quiet-')).length).toBeGreaterThan(0)
  }, 60_000)

  it('stores the same on a worker thread', async () => {
    const alone = await scoreTwice(oneByOne)
    const pooled = await scoreTwice(batch(1))
    expect(pooled.rows).toEqual(alone.rows)
    expect(pooled.stored).toEqual(alone.stored)
  }, 60_000)
})
