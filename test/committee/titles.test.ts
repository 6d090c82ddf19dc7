import {
  JOB_FUNCTIONS,
  type JobFunction,
  SENIORITIES,
  type Seniority,
} from '../../src/vocabulary.ts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  evaluate,
  LANGUAGES,
  loadLabelledTitles,
  parseCsv,
  parseLabelledTitles,
} from '../../scripts/eval-titles.ts'
import { foldText } from '../../src/committee/fold.ts'
import { classifyTitle } from '../../src/committee/titles.ts'

type HardCase = readonly [title: string, fn: JobFunction, seniority: Seniority]

// The cases the product relies on; each encodes a labelling decision that is
// documented next to the rule in src/committee/title-rules.ts.
const HARD_CASES: readonly HardCase[] = [
  ['Product Manager', 'product', 'manager'],
  ['Product Owner', 'product', 'individual'],
  ['Product Marketing Manager', 'marketing', 'manager'],
  ['Head of Procurement', 'procurement', 'director'],
  ['Assistant to the CFO', 'finance', 'individual'],
  ['Executive Assistant to the CEO', 'executive', 'individual'],
  ['Vice President of Sales', 'sales', 'vp'],
  ['President', 'executive', 'c_level'],
  ['Менеджер по продажам', 'sales', 'manager'],
  ['Kierownik Działu Zakupów', 'procurement', 'manager'],
  ['Leiter Einkauf', 'procurement', 'director'],
  ['Teamleiter Einkauf', 'procurement', 'manager'],
  ['Członek Zarządu', 'executive', 'c_level'],
  ['Dyrektor Finansowy', 'finance', 'c_level'],
  ['Dyrektor ds. Finansowych', 'finance', 'director'],
  ['Dyrektor ds. Sprzedaży', 'sales', 'director'],
  ['Controller', 'finance', 'individual'],
  ['CISO', 'engineering', 'c_level'],
  ['Software Engineer', 'engineering', 'individual'],
  ['Senior Software Engineer', 'engineering', 'individual'],
  ['Sr. Dir. Marketing', 'marketing', 'director'],
  ['Account Executive', 'sales', 'individual'],
  ['Chief of Staff', 'executive', 'director'],
  ['Главный бухгалтер', 'finance', 'director'],
  ['Бухгалтер', 'finance', 'individual'],
  ['Einkäufer', 'procurement', 'individual'],
  ['Specjalista ds. Zakupów', 'procurement', 'individual'],
  ['Dyrektor Generalny', 'executive', 'c_level'],
  ['Owner', 'executive', 'c_level'],
  ['Founder', 'executive', 'c_level'],
  ['Właściciel', 'executive', 'c_level'],
  ['Владелец', 'executive', 'c_level'],
  ['Inhaber', 'executive', 'c_level'],
  ['Geschäftsführer', 'executive', 'c_level'],
  ['GF', 'executive', 'c_level'],
  ['Prezes Zarządu', 'executive', 'c_level'],
  ['Генеральный директор', 'executive', 'c_level'],
  ['Гендиректор', 'executive', 'c_level'],
  ['ген. директор', 'executive', 'c_level'],
  ['Gen. Dir.', 'executive', 'c_level'],
  ['Заместитель генерального директора по финансам', 'finance', 'vp'],
  ['Stellvertretender Leiter Einkauf', 'procurement', 'manager'],
  ['Главный специалист по закупкам', 'procurement', 'individual'],
  ['Dyr. Handlowy', 'sales', 'director'],
  ['Kier. Działu IT', 'engineering', 'manager'],
  ['Mgr., Accounts Receivable', 'finance', 'manager'],
  ['Jr. Frontend Developer', 'engineering', 'individual'],
  ['CEO', 'executive', 'c_level'],
  ['CFO', 'finance', 'c_level'],
  ['CTO', 'engineering', 'c_level'],
  ['CIO', 'engineering', 'c_level'],
  ['COO', 'operations', 'c_level'],
  ['CMO', 'marketing', 'c_level'],
  ['CRO', 'sales', 'c_level'],
  ['CPO', 'product', 'c_level'],
  ['CHRO', 'hr', 'c_level'],
  ['VP Finance', 'finance', 'vp'],
  ['SVP Engineering', 'engineering', 'vp'],
  ['EVP Sales', 'sales', 'vp'],
  ['AVP, Treasury', 'finance', 'vp'],
  ['HR Manager', 'hr', 'manager'],
  ['QA Engineer', 'engineering', 'individual'],
  ['IT Director', 'engineering', 'director'],
]

const GARBAGE: readonly string[] = [
  '',
  '   ',
  '???',
  'asdfgh',
  'x'.repeat(10_000),
  '🚀🔥💼',
  '\u0000\uFFFF',
  '-/,&|()',
]

describe('classifyTitle: hard cases', () => {
  it.each(HARD_CASES)('%s → %s / %s', (title, fn, seniority) => {
    const result = classifyTitle(title)
    expect({ function: result.function, seniority: result.seniority }).toEqual({
      function: fn,
      seniority,
    })
  })
})

describe('classifyTitle: garbage and unknown input', () => {
  it.each(GARBAGE.map((title) => [title.slice(0, 20), title] as const))(
    'falls back for %j',
    (_label, title) => {
      const result = classifyTitle(title)
      expect(result.function).toBe('other')
      expect(result.seniority).toBe('individual')
      expect(result.confidence).toBeLessThanOrEqual(0.3)
      expect(result.rule).toBe('fallback')
      expect(result.title).toBe(title)
    },
  )

  it('does not throw on values that are not strings at run time', () => {
    for (const value of [undefined, null, 42, {}, []]) {
      expect(classifyTitle(value as unknown as string).function).toBe('other')
    }
  })

  it('always returns a valid classification for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (title) => {
        const result = classifyTitle(title)
        expect(JOB_FUNCTIONS).toContain(result.function)
        expect(SENIORITIES).toContain(result.seniority)
        expect(result.confidence).toBeGreaterThanOrEqual(0)
        expect(result.confidence).toBeLessThanOrEqual(1)
        expect(result.rule).not.toBe('')
      }),
    )
  })
})

describe('classifyTitle: normalisation', () => {
  it.each([
    ['DYREKTOR FINANSOWY', 'dyrektor finansowy'],
    ['Dyrektor Finansowy', 'dyrektor finansowy'],
    ['KIEROWNIK DZIAŁU ZAKUPÓW', 'kierownik dzialu zakupow'],
    ['Geschäftsführer', 'GESCHAFTSFUHRER'],
    ['Einkäufer', 'einkaufer'],
    ['Außendienstmitarbeiter', 'aussendienstmitarbeiter'],
    ['ГЛАВНЫЙ БУХГАЛТЕР', 'главный бухгалтер'],
    ['Стажёр', 'стажер'],
    ['Head of Procurement', '  head   of   PROCUREMENT  '],
    ['Vice-President, Sales', 'vice president sales'],
  ])('%s is classified like %s', (a, b) => {
    const { title: _a, ...left } = classifyTitle(a)
    const { title: _b, ...right } = classifyTitle(b)
    expect(left).toEqual(right)
  })

  it('folds Latin diacritics but keeps Cyrillic letters such as й', () => {
    expect(foldText('Łódź – Główny Księgowy / ß')).toBe('lodz glowny ksiegowy ss')
    expect(foldText('Ведущий специалист (Ёлка)')).toBe('ведущий специалист елка')
    expect(foldText('Ｃｈｉｅｆ　Ｅｘｅｃｕｔｉｖｅ')).toBe('chief executive')
  })
})

describe('classifyTitle: confidence and rule ids', () => {
  it('is high when a role abbreviation or strong keyword fires for both', () => {
    for (const title of [
      'CFO',
      'CEO',
      'Vice President of Sales',
      'Leiter Einkauf',
      'Главный бухгалтер',
    ]) {
      expect(classifyTitle(title).confidence, title).toBeGreaterThanOrEqual(0.9)
    }
  })

  it('is medium when only a department keyword fires', () => {
    const { confidence } = classifyTitle('Marketing')
    expect(confidence).toBeGreaterThan(0.3)
    expect(confidence).toBeLessThan(0.9)
  })

  it('names the function rule and the seniority rule', () => {
    expect(classifyTitle('CFO').rule).toBe('function:finance:en:cfo;seniority:c_level:en:cfo')
    expect(classifyTitle('Dyrektor ds. Sprzedaży').rule).toBe(
      'function:sales:pl:sprzedaz;seniority:director:pl:dyrektor',
    )
    expect(classifyTitle('Marketing').rule).toBe(
      'function:marketing:en:marketing;seniority:individual:default',
    )
    expect(classifyTitle('Director').rule).toBe(
      'function:other:fallback;seniority:director:en:director',
    )
  })

  it('shows the deputised rule for deputies', () => {
    expect(classifyTitle('Deputy General Counsel').rule).toBe(
      'function:legal:en:general-counsel;seniority:deputy:deputy>seniority:c_level:en:general-counsel',
    )
  })
})

describe('labelled set (fixtures/titles.csv)', () => {
  const labelled = loadLabelledTitles()
  const evaluation = evaluate(labelled)

  it('is large and varied enough to mean something', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(360)
    for (const language of LANGUAGES) {
      const rows = labelled.filter((row) => row.language === language)
      expect(rows.length, language).toBeGreaterThanOrEqual(80)
      expect(new Set(rows.map((row) => row.function)), language).toEqual(new Set(JOB_FUNCTIONS))
      expect(new Set(rows.map((row) => row.seniority)), language).toEqual(new Set(SENIORITIES))
    }
  })

  it('reaches 95% function and seniority accuracy overall', () => {
    expect(evaluation.overall.functionAccuracy).toBeGreaterThanOrEqual(0.95)
    expect(evaluation.overall.seniorityAccuracy).toBeGreaterThanOrEqual(0.95)
  })

  it.each(LANGUAGES)('reaches 90%% function and seniority accuracy in %s', (language) => {
    const accuracy = evaluation.byLanguage[language]
    expect(accuracy.functionAccuracy).toBeGreaterThanOrEqual(0.9)
    expect(accuracy.seniorityAccuracy).toBeGreaterThanOrEqual(0.9)
  })

  it('gives every labelled title a non-empty rule', () => {
    for (const row of labelled) expect(classifyTitle(row.title).rule, row.title).not.toBe('')
  })
})

describe('CSV parsing (RFC 4180)', () => {
  it('handles quoted commas, escaped quotes, CRLF and a trailing newline', () => {
    const csv = 'a,b\r\n"x, y","say ""hi"""\r\nplain,"multi\nline"\r\n'
    expect(parseCsv(csv)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['plain', 'multi\nline'],
    ])
  })

  it('rejects unknown labels and unterminated quotes', () => {
    expect(() => parseLabelledTitles('title,language,function,seniority\nX,en,boss,vp\n')).toThrow(
      /bad function/,
    )
    expect(() => parseCsv('"open')).toThrow(/quoted field/)
  })
})
