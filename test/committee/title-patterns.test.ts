import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { loadLabelledTitles } from '../../scripts/eval-titles.ts'
import { foldText } from '../../src/committee/fold.ts'
import {
  compilePattern,
  findPattern,
  indexPatterns,
  type Pattern,
} from '../../src/committee/title-patterns.ts'
import {
  DEPUTY_PATTERNS,
  FUNCTION_RULES,
  SENIORITY_RULES,
} from '../../src/committee/title-rules.ts'

const TABLES: Record<string, readonly Pattern[]> = {
  function: FUNCTION_RULES.flatMap((group) =>
    group.patterns.map((source) => compilePattern(`function:${group.function}`, source)),
  ),
  seniority: SENIORITY_RULES.flatMap((group) =>
    group.patterns.map((source) => compilePattern(`seniority:${group.seniority}`, source)),
  ),
  deputy: DEPUTY_PATTERNS.map((source) => compilePattern('deputy', source)),
}
const INDEXES = Object.fromEntries(
  Object.entries(TABLES).map(([name, patterns]) => [name, indexPatterns(patterns)]),
)

/** Every pattern a full scan finds, in table order. */
const scan = (patterns: readonly Pattern[], text: string): number[] =>
  patterns.flatMap((pattern, index) => (findPattern(pattern, text) ? [index] : []))

const viaIndex = (table: string, text: string): number[] => {
  const patterns = TABLES[table] as readonly Pattern[]
  const index = INDEXES[table] as (text: string) => readonly number[]
  return index(text).filter((i) => findPattern(patterns[i] as Pattern, text) !== undefined)
}

// Title words built from the tables' own words, so random titles hit many patterns.
const PATTERN_WORDS = [...new Set(Object.values(TABLES).flatMap((t) => t.flatMap((p) => p.words)))]
const wordFromPattern = fc
  .tuple(fc.constantFrom(...PATTERN_WORDS), fc.stringMatching(/^[a-zäöüß]{0,4}$/), fc.boolean())
  .map(([word, filler, before]) => {
    const parts = word.split('*')
    return parts.join(filler) + (before ? '' : filler.slice(0, 1))
  })
const title = fc
  .array(fc.oneof(wordFromPattern, fc.stringMatching(/^[a-zа-я]{1,8}$/)), {
    minLength: 1,
    maxLength: 6,
  })
  .map((words) => foldText(words.join(' ')))

describe('the pattern index finds every pattern a full scan finds', () => {
  it('on every labelled fixture title', () => {
    const titles = loadLabelledTitles().map((row) => foldText(row.title))
    let matches = 0
    for (const text of titles)
      for (const table of Object.keys(TABLES)) {
        const expected = scan(TABLES[table] as readonly Pattern[], text)
        matches += expected.length
        expect(viaIndex(table, text), `${table}: ${text}`).toEqual(expected)
      }
    // The comparison means something only if the fixtures hit many patterns.
    expect(matches).toBeGreaterThan(titles.length)
  })

  test.prop([title], { numRuns: 2000 })('on titles made of pattern words', (text) => {
    for (const table of Object.keys(TABLES))
      expect(viaIndex(table, text)).toEqual(scan(TABLES[table] as readonly Pattern[], text))
  })

  it('narrows a title to a few candidates, in table order', () => {
    const candidates = (INDEXES.function as (text: string) => readonly number[])(
      foldText('Senior Key Account Manager DACH'),
    )
    expect(candidates.length).toBeLessThan((TABLES.function?.length ?? 0) / 10)
    expect([...candidates].sort((a, b) => a - b)).toEqual(candidates)
    expect(
      viaIndex('function', foldText('Senior Key Account Manager DACH')).length,
    ).toBeGreaterThan(0)
  })
})
