import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../src/store/db.ts'
import { foldText } from '../../src/store/fold.ts'
import { loadMigrations, migrate } from '../../src/store/migrate.ts'
import { pageLeaderboardSql } from '../../src/store/repos/sales-pages.ts'
import { leaderboardSql } from '../../src/store/repos/scores.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { page, seed, sessionCookieOf, signIn } from '../web/helpers.ts'

let t: TestApp
let cookie: string
const accountLinks = (body: string) =>
  [...body.matchAll(/<a href="\/accounts\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!))

beforeAll(async () => {
  t = await buildTestApp()
  await seed(t, [
    { domain: 'huta.pl', name: 'Huta', industry: 'Produkcja Przemysłowa', country: 'PL' },
    { domain: 'zaklad.pl', name: 'Zakład', industry: 'produkcja przemysłowa', country: 'PL' },
    { domain: 'zavod.ru', name: 'Завод', industry: 'ПРОИЗВОДСТВО', country: 'RU' },
    { domain: 'fabrika.ru', name: 'Фабрика', industry: 'Производство', country: 'RU' },
    { domain: 'soft.de', name: 'Soft', industry: 'Software', country: 'DE' },
  ])
  cookie = sessionCookieOf(await signIn(t, t.keys.read))
})

const viaApi = async (industry: string) => {
  const response = await t.call(
    `/v1/accounts?sort=score&limit=500&industry=${encodeURIComponent(industry)}`,
    { scope: 'read' },
  )
  expect(response.status).toBe(200)
  const body = (await response.json()) as { data: { domain: string }[] }
  return body.data.map((row) => row.domain).sort()
}
const viaPages = async (industry: string) => {
  const response = await page(t, `/?label=all&industry=${encodeURIComponent(industry)}`, cookie)
  expect(response.status).toBe(200)
  return accountLinks(await response.text()).sort()
}

describe('the leaderboard filters: one schema, one fold, API and pages alike', () => {
  it.each([
    ['Produkcja Przemysłowa', ['huta.pl', 'zaklad.pl']],
    ['PRODUKCJA PRZEMYSŁOWA', ['huta.pl', 'zaklad.pl']],
    ['produkcja przemysłowa', ['huta.pl', 'zaklad.pl']],
    ['ПРОИЗВОДСТВО', ['fabrika.ru', 'zavod.ru']],
    ['производство', ['fabrika.ru', 'zavod.ru']],
    ['Производство', ['fabrika.ru', 'zavod.ru']],
    ['SOFTWARE', ['soft.de']],
  ])(
    'industry %j matches the same accounts via the API and the pages',
    async (industry, expected) => {
      expect(await viaApi(industry)).toEqual(expected)
      expect(await viaPages(industry)).toEqual(expected)
    },
  )

  it('validates with the same rules: a bad stage or country is refused by both', async () => {
    for (const query of ['stage=later', 'country=P1', 'minScore=101', 'label=boiling']) {
      expect((await t.call(`/v1/accounts?sort=score&${query}`, { scope: 'read' })).status).toBe(400)
      expect((await page(t, `/?${query}`, cookie)).status).toBe(400)
    }
  })

  it('fills the stored fold of accounts written before the migration (0018)', () => {
    const db = new Database(':memory:')
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 18),
    )
    db.prepare(
      `INSERT INTO accounts (domain, industry, created_at, updated_at)
       VALUES ('old.ru', 'ПРОИЗВОДСТВО', 0, 0), ('none.pl', NULL, 0, 0)`,
    ).run()
    migrate(db)
    expect(
      db.prepare('SELECT domain, industry_folded AS f FROM accounts ORDER BY 1').all(),
    ).toEqual([
      { domain: 'none.pl', f: null },
      { domain: 'old.ru', f: foldText('ПРОИЗВОДСТВО') },
    ])
    db.close()
  })

  it('filters industry through its index, in the statements the repositories run', () => {
    const db = openDb(':memory:')
    const plan = ({ sql, params }: { sql: string; params: unknown[] }) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join('\n')
    const filter = { industry: 'ПРОИЗВОДСТВО' }
    expect(plan(leaderboardSql({ ...filter, limit: 50 }))).toMatch(/accounts_industry_folded/)
    expect(plan(pageLeaderboardSql({ ...filter, offset: 0, limit: 25 }))).toMatch(
      /accounts_industry_folded/,
    )
    db.close()
  })
})
