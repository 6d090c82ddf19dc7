import { fc, test } from '@fast-check/vitest'
import { expect, it } from 'vitest'
import type { LeaderboardFilter } from '../../../src/records.ts'
import { foldOrNull, foldText } from '../../../src/store/fold.ts'
import { pgScoreFilterSql } from '../../../src/store/pg/repos/score-filters.ts'
import {
  attributeText,
  type FilterCandidate,
  filterTest,
} from '../../../src/store/repos/score-filters.ts'
import type { StoredScore } from '../../../src/store/repos/scores.ts'
import { FIT_GRADES, LABELS, STAGES } from '../../../src/vocabulary.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const NOW = Date.UTC(2026, 10, 25)

const account = fc.record({
  industry: fc.constantFrom(null, 'Software', 'SOFTWARE', 'Производство', 'производство'),
  country: fc.constantFrom(null, 'PL', 'DE'),
  employees: fc.constantFrom(null, 0, 50, 500, 5000),
  revenue: fc.constantFrom(null, 0, 1e6, 5e7),
  technologies: fc.subarray(['SAP', 'sap', 'Salesforce', 'Ёлка']),
  score: fc.constantFrom(0, 40, 60, 75, 100),
  label: fc.constantFrom(...LABELS),
  stage: fc.constantFrom(...STAGES),
  fitGrade: fc.constantFrom(null, ...FIT_GRADES),
  surgingTopics: fc.subarray(['ERP', 'erp', 'CRM', 'Ёлка']),
  surgingCategories: fc.subarray(['Sales', 'SALES', 'Security', 'Ёлки']),
  committeeCoverage: fc.constantFrom(null, 0, 0.25, 0.5, 1),
  attributes: fc.constantFrom<Record<string, unknown>>(
    {},
    { tier: 'Gold' },
    { tier: 'GOLD', other: 2 },
    { tier: 'ЗОЛОТО' },
    { tier: 2 },
    { tier: -2 },
    { tier: 2.5 },
    { tier: 2 ** 60 },
    { tier: true },
    { tier: false },
    { tier: null },
    { tier: ['gold'] },
    { tier: { value: 'gold' } },
    { other: 'gold' },
  ),
})
type Generated = typeof account extends fc.Arbitrary<infer A> ? A : never

const every = fc.record({
  labels: fc.subarray([...LABELS], { minLength: 1 }),
  stage: fc.constantFrom(...STAGES),
  topic: fc.constantFrom('erp', 'CRM', 'ёлка'),
  category: fc.constantFrom('sales', 'Security', 'ЁЛКИ'),
  industry: fc.constantFrom('software', 'ПРОИЗВОДСТВО'),
  country: fc.constantFrom('pl', 'DE'),
  minScore: fc.constantFrom(0, 60, 75),
  fitGrade: fc.constantFrom(...FIT_GRADES),
  minEmployees: fc.constantFrom(0, 50, 501),
  maxEmployees: fc.constantFrom(0, 500, 10_000),
  minRevenue: fc.constantFrom(0, 1e6),
  maxRevenue: fc.constantFrom(0, 1e7),
  technology: fc.constantFrom('SAP', 'ёлка'),
  minCoverage: fc.constantFrom(0, 0.3, 1),
  attribute: fc.constantFrom(
    { name: 'tier', value: 'gold' },
    { name: 'tier', value: 'золото' },
    { name: 'tier', value: '2' },
    { name: 'tier', value: '-2' },
    { name: 'tier', value: '2.5' },
    { name: 'tier', value: String(2 ** 60) },
    { name: 'tier', value: 'TRUE' },
    { name: 'tier', value: 'false' },
    { name: 'tier', value: 'null' },
    { name: 'other', value: '2' },
  ),
})
const filter: fc.Arbitrary<LeaderboardFilter> = every.chain((all) =>
  fc
    .subarray(Object.keys(all) as (keyof typeof all)[], { minLength: 1, maxLength: 2 })
    .map((keys) => Object.fromEntries(keys.map((key) => [key, all[key]])) as LeaderboardFilter),
)

/** What the in-memory test sees of a generated account, as segment-members.ts builds it. */
function candidate(a: Generated): FilterCandidate {
  return {
    score: a.score,
    label: a.label,
    stage: a.stage,
    fitGrade: a.fitGrade,
    surgingTopicsFolded: a.surgingTopics.map(foldText),
    surgingCategoriesFolded: a.surgingCategories.map(foldText),
    committeeCoverage: a.committeeCoverage,
    industryFolded: foldOrNull(a.industry),
    country: a.country,
    employees: a.employees,
    revenue: a.revenue,
    technologiesFolded: a.technologies.map(foldText),
    attribute: (name) =>
      Object.hasOwn(a.attributes, name) ? attributeText(a.attributes[name]) : null,
  }
}

it('pgScoreFilterSql numbers its placeholders from firstParam, in order', () => {
  expect(pgScoreFilterSql({}, 3)).toEqual({ sql: '', params: [], nextParam: 3 })
  const { sql, params, nextParam } = pgScoreFilterSql(
    {
      labels: ['hot', 'warm'],
      topic: 'ERP',
      attribute: { name: 'tier', value: 'Gold' },
      stage: undefined,
    },
    4,
    (add) => add('a.domain > ?::text', 'x.com'),
  )
  expect(sql.match(/\$\d+/g)).toEqual(['$4', '$5', '$6', '$7', '$8'])
  expect(params).toEqual([['hot', 'warm'], 'erp', 'tier', 'gold', 'x.com'])
  expect(nextParam).toBe(9)
  expect(sql.startsWith('WHERE ')).toBe(true)
})

/**
 * One rule, two forms: the leaderboard's SQL (on each engine) selects exactly the accounts the
 * in-memory test of store/repos/score-filters.ts passes.
 */
describeEachEngine('a leaderboard filter in SQL and in memory', ({ open }) => {
  test.prop([fc.array(account, { minLength: 10, maxLength: 20 }), filter], { numRuns: 50 })(
    'select the same accounts',
    async (accounts, chosen) => {
      const store = await open()
      try {
        const patches = accounts.map((a, i) => ({
          domain: `a${String(i).padStart(2, '0')}.com`,
          patch: {
            industry: a.industry,
            country: a.country,
            employees: a.employees,
            revenue: a.revenue,
            technologies: a.technologies,
            attributes: a.attributes,
          },
          guard: [],
        }))
        await store.accounts.upsertMany(patches, NOW)
        const items: { score: StoredScore; notify: [] }[] = []
        for (const [i, a] of accounts.entries()) {
          const found = await store.accounts.findWithId(patches[i]!.domain)
          items.push({
            score: {
              accountId: found!.id,
              computedAt: NOW,
              modelId: 'm',
              score: a.score,
              probability: a.score / 100,
              label: a.label,
              stage: a.stage,
              fitGrade: a.fitGrade,
              surgingTopics: a.surgingTopics,
              surgingCategories: a.surgingCategories,
              committeeCoverage: a.committeeCoverage,
              body: '{}',
            },
            notify: [],
          })
        }
        await store.scores.saveMany(items, 0, NOW)
        const test = filterTest(chosen)
        const expected = accounts
          .map((a, i) => ({ a, domain: patches[i]!.domain }))
          .filter(({ a }) => test(candidate(a)))
          .sort((x, y) => y.a.score - x.a.score || (x.domain < y.domain ? -1 : 1))
          .map(({ domain }) => domain)
        const board = await store.scores.leaderboard({ ...chosen, limit: 100 })
        expect(board.map((row) => row.domain)).toEqual(expected)
        const pages = await store.pages.leaderboard({ ...chosen, offset: 0, limit: 100 })
        expect(pages.total).toBe(expected.length)
        expect(pages.rows.map((row) => row.domain)).toEqual(expected)
      } finally {
        await store.close()
      }
    },
  )
})
