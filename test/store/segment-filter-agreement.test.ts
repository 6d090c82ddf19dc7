import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { openStore } from '../../src/store/index.ts'
import type { LeaderboardFilter } from '../../src/records.ts'
import type { StoredScore } from '../../src/store/repos/scores.ts'
import { FIT_GRADES, LABELS, STAGES } from '../../src/vocabulary.ts'

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
    { tier: 2.5 },
    { tier: 2 ** 60 },
    { tier: true },
    { tier: null },
    { tier: ['gold'] },
    { tier: { value: 'gold' } },
    { other: 'gold' },
  ),
})

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
    { name: 'tier', value: '2.5' },
    { name: 'tier', value: String(2 ** 60) },
    { name: 'tier', value: 'TRUE' },
    { name: 'tier', value: 'null' },
    { name: 'other', value: '2' },
  ),
})
/** One or two conditions: more would select nobody from a dozen accounts, and test nothing. */
const filter: fc.Arbitrary<LeaderboardFilter> = every.chain((all) =>
  fc
    .subarray(Object.keys(all) as (keyof typeof all)[], { minLength: 1, maxLength: 2 })
    .map((keys) => Object.fromEntries(keys.map((key) => [key, all[key]])) as LeaderboardFilter),
)

/**
 * One rule, two forms (store/repos/score-filters.ts): a segment's members as a score write
 * moves them (the test in memory) are the members its SQL selects when it is saved.
 */
describe('a segment filter in memory and in SQL', () => {
  test.prop([fc.array(account, { minLength: 10, maxLength: 20 }), filter], { numRuns: 200 })(
    'select the same accounts',
    async (accounts, chosen) => {
      const store = openStore(':memory:')
      try {
        const definition = { name: 'x', description: null, filter: chosen }
        // Saved before any score: its members come from the writes below, tested in memory.
        await store.savedSegments.create('seg_memory', definition, NOW, 10)
        const items: { score: StoredScore; notify: [] }[] = []
        for (const [i, a] of accounts.entries()) {
          const domain = `a${i}.com`
          await store.accounts.upsert(domain, { ...a, name: null }, NOW)
          const found = await store.accounts.findWithId(domain)
          const score = {
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
          }
          items.push({ score, notify: [] })
        }
        await store.scores.saveMany(items, 0, NOW)
        // Saved after: its members come from the leaderboard's SQL.
        await store.savedSegments.create('seg_sql', definition, NOW, 10)
        const domains = async (id: string) =>
          (await store.savedSegments.members(id, null, 100, 0)).map((m) => m.domain)
        expect(await domains('seg_memory')).toEqual(await domains('seg_sql'))

        // Firmographics moved by one bulk upsert: tested in memory against the stored scores.
        const moved = accounts.map((a, i) => ({
          domain: `a${i}.com`,
          patch: { country: a.country === 'PL' ? 'DE' : 'PL', employees: a.revenue },
          guard: [],
        }))
        await store.accounts.upsertMany(moved, NOW)
        await store.savedSegments.create('seg_sql_after', definition, NOW, 10)
        expect(await domains('seg_memory')).toEqual(await domains('seg_sql_after'))
      } finally {
        await store.close()
      }
    },
  )
})
