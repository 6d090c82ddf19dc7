import { describe, expect, it } from 'vitest'
import { foldText } from '../../src/committee/fold.ts'
import { forEachTitleFeature, titleFeatures } from '../../src/committee/title-features.ts'
import { loadTitleModel, shippedTitleModel } from '../../src/committee/title-model.ts'
import { classifierWith, classifyTitle, UNSURE_BELOW } from '../../src/committee/titles.ts'
import { classifyPerson } from '../../src/committee/view.ts'

const person = (title: string) => ({
  id: 1,
  email: 'a@acme.com',
  name: null,
  title,
  functionOverride: null,
  seniorityOverride: null,
})

describe('the hard real-world titles of issue 17', () => {
  it.each([
    ['Territory Manager', 'sales'],
    ['Client Manager', 'sales'],
    ['New Business Manager', 'sales'],
    ['Systems Analyst', 'engineering'],
    ['Go To Market Leader', 'marketing'],
    ['Senior Diversity & Inclusion Partner', 'hr'],
    ['Responsable des ressources humaines', 'hr'],
    ['Strategische inkoper', 'procurement'],
    ['Affärsutvecklare', 'sales'],
    ['Jefe de ventas', 'sales'],
    ['Responsabile acquisti', 'procurement'],
    ['menedzher po prodazham', 'sales'],
    ['glavnyi bukhgalter', 'finance'],
  ])('%s → %s', (title, fn) => {
    expect(classifyTitle(title).function).toBe(fn)
  })

  it.each([
    ['Head of Procurement', 'director'],
    ['Leiter Einkauf', 'director'],
    ['Kierownik działu sprzedaży', 'manager'],
    ['Руководитель отдела продаж', 'director'],
    ['Teamlead Backend', 'manager'],
    ['Senior Software Engineer', 'individual'],
    ['Junior Marketing Manager', 'individual'],
    ['Associate Product Manager', 'individual'],
    ['Principal Engineer', 'individual'],
    ['Prokurist', 'director'],
    ['Geschäftsführer', 'c_level'],
    ['GF', 'c_level'],
    ['CxO', 'c_level'],
    ['VP Sales', 'vp'],
    ['SVP Marketing', 'vp'],
    ['EVP Finance', 'vp'],
    ['Dyr. handlowy', 'director'],
    ['Zastępca dyrektora finansowego', 'vp'],
    ['Заместитель финансового директора', 'vp'],
    ['Зам. директора по продажам', 'manager'],
    ['Unternehmensinhaber', 'c_level'],
    ['Eigenaar', 'c_level'],
    ['Responsable commercial', 'manager'],
    ['menedzher po prodazham', 'manager'],
  ])('%s → %s', (title, seniority) => {
    expect(classifyTitle(title).seniority).toBe(seniority)
  })

  it.each([
    ['Produkt Marketing Manager', 'marketing', 'manager'],
    ['Product Sales Specialist', 'sales', 'individual'],
    ['Senior Field Application Engineer', 'sales', 'individual'],
    ['Administrateur systèmes et réseaux', 'engineering', 'individual'],
    ['Customer Administration Team Manager', 'support', 'manager'],
    ['Koordinator Messen und Ausstellungen', 'marketing', 'manager'],
    ['Directeur des opérations', 'operations', 'director'],
    ['Krankenhausgeschäftsführer', 'executive', 'c_level'],
    ['verkoopleider', 'sales', 'manager'],
  ])('compound roles and other languages: %s → %s, %s', (title, fn, seniority) => {
    expect(classifyTitle(title)).toMatchObject({ function: fn, seniority })
  })

  it('keeps words that only look like the new ones apart', () => {
    expect(classifyTitle('Messenger').function).not.toBe('marketing')
    expect(classifyTitle('Machine Tender').function).not.toBe('sales')
  })

  it('reads through noise: a company after "at", pipes, emoji, all caps', () => {
    for (const title of [
      'Sales Manager at Acme GmbH',
      'Sales Manager | Acme | 🚀',
      'SALES MANAGER',
    ])
      expect(classifyTitle(title)).toMatchObject({ function: 'sales', seniority: 'manager' })
    expect(classifyTitle('HEAD OF MARKETING')).toMatchObject({
      function: 'marketing',
      seniority: 'director',
    })
  })
})

describe('the learned title model', () => {
  const model = shippedTitleModel()

  it('ships, loads and answers labels it knows, with probabilities', () => {
    expect(model).not.toBeNull()
    const predicted = model!.predict(foldText('Senior Java Developer'))
    expect(predicted.function.label).toBe('engineering')
    expect(predicted.function.probability).toBeGreaterThan(0.5)
    expect(predicted.function.probability).toBeLessThanOrEqual(1)
    expect(model!.functionLabels).toContain(predicted.function.label)
  })

  it('is deterministic, and features are the same on every call', () => {
    const text = foldText('Einkaufsleiter Konzern')
    expect(titleFeatures(text, 17)).toEqual(titleFeatures(text, 17))
    expect(model!.predict(text)).toEqual(model!.predict(text))
    const ids: number[] = []
    forEachTitleFeature(text, 10, (id) => ids.push(id))
    expect(ids.every((id) => id >= 0 && id < 1024)).toBe(true)
  })

  it('says which part the model decided in `rule`', () => {
    // No rule knows "Doktorand"-like made-up words; the model answers or it falls back.
    const result = classifyTitle('Principal Engineer')
    expect(result.rule).toMatch(/^(model:function:engineering|function:engineering)/)
    const unknown = classifyTitle('Zqxj')
    expect(unknown.rule === 'fallback' || unknown.rule.includes('model:')).toBe(true)
  })

  it('refuses a damaged model file instead of answering from it', () => {
    expect(() => loadTitleModel({ format: 'intent-title-model/1', bits: 17, heads: {} })).toThrow()
  })

  it('rules alone still classify when there is no model', () => {
    expect(classifierWith(null)('VP Sales')).toMatchObject({ function: 'sales', seniority: 'vp' })
  })
})

describe('unsure classifications in the committee', () => {
  it('marks a person whose title was read with low confidence, not one read clearly', () => {
    const vague = classifyPerson(person('Zqxj Wvut'))
    expect(vague.why.confidence).toBeLessThan(UNSURE_BELOW)
    expect(vague.why.unsure).toBe(true)
    const clear = classifyPerson(person('Chief Financial Officer'))
    expect(clear.why.unsure).toBe(false)
  })

  it('an override is never unsure', () => {
    const overridden = classifyPerson({ ...person('Zqxj'), functionOverride: 'finance' })
    expect(overridden.why.unsure).toBe(false)
  })
})
