import { describe, expect, it } from 'vitest'
import { TOPICS as FIXTURE_TOPICS } from '../../src/demo/topics.ts'
import { taxonomySchema } from '../../src/ingest/taxonomy-schema.ts'
import { DEFAULT_TAXONOMY } from '../../src/taxonomy/default.ts'
import { compileTaxonomy } from '../../src/taxonomy/match.ts'

const CYRILLIC = /[\u0400-\u04ff]/
const POLISH = /[ąćęłńóśźż]/i
const GERMAN = /[äöüß]|ung\b|-[A-Z]|[a-z](system|software|management|plattform)\b/

describe('the default taxonomy', () => {
  it('is valid under the PUT schema, as it is', () => {
    const parsed = taxonomySchema.safeParse({ topics: DEFAULT_TAXONOMY })
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 10)).toEqual([])
    expect(parsed.data?.topics).toEqual(DEFAULT_TAXONOMY)
  })

  it('has at least 100 topics in at least 10 categories', () => {
    expect(DEFAULT_TAXONOMY.length).toBeGreaterThanOrEqual(100)
    const categories = new Set(DEFAULT_TAXONOMY.map((topic) => topic.category))
    expect(categories.size).toBeGreaterThanOrEqual(10)
    for (const category of [
      'Data & Analytics',
      'Security',
      'Cloud & Infrastructure',
      'Marketing',
      'Sales',
      'HR',
      'Finance',
      'Logistics & Supply Chain',
      'Manufacturing',
    ])
      expect(categories).toContain(category)
  })

  it('gives every topic keywords in Russian, and the taxonomy Polish and German ones throughout', () => {
    const lacking = DEFAULT_TAXONOMY.filter(
      (topic) => topic.keywords.length < 8 || !topic.keywords.some((k) => CYRILLIC.test(k)),
    ).map((topic) => topic.name)
    expect(lacking).toEqual([])
    const polish = DEFAULT_TAXONOMY.filter((t) => t.keywords.some((k) => POLISH.test(k)))
    const german = DEFAULT_TAXONOMY.filter((t) => t.keywords.some((k) => GERMAN.test(k)))
    expect(polish.length).toBeGreaterThan(DEFAULT_TAXONOMY.length * 0.6)
    expect(german.length).toBeGreaterThan(DEFAULT_TAXONOMY.length * 0.8)
  })

  it('keeps the fixture generator’s topic names, so generated data keeps its topics', () => {
    const names = new Set(DEFAULT_TAXONOMY.map((topic) => topic.name))
    expect(FIXTURE_TOPICS.map((topic) => topic.name).filter((name) => !names.has(name))).toEqual([])
  })

  it('leaves the generator’s topic-less page (careers) topic-less', () => {
    const taxonomy = compileTaxonomy(DEFAULT_TAXONOMY)
    for (const region of ['', '/pl', '/ru', '/de'])
      expect(taxonomy.match({ url: `https://www.vendor.example${region}/careers` })).toBeNull()
  })

  it.each([
    [{ title: 'Jak wybrać hurtownię danych dla firmy?' }, 'Data Warehouse'],
    [{ title: 'Построение корпоративного хранилища данных' }, 'Data Warehouse'],
    [{ query: 'Data-Warehouse Anbieter Vergleich' }, 'Data Warehouse'],
    [{ url: 'https://www.capterra.com/data-warehouse-software/' }, 'Data Warehouse'],
    [{ url: 'https://www.g2.com/categories/crm' }, 'CRM Software'],
    [{ title: 'Top 10 CRM systems for SMBs' }, 'CRM Software'],
    [{ title: 'Облачная безопасность для банков' }, 'Cloud Security'],
    [{ query: 'beste Lagerverwaltungssoftware 2026' }, 'Warehouse Management'],
    [{ query: 'Zeiterfassung für Mitarbeiter' }, 'Workforce Management'],
    [{ title: 'Program do księgowości online dla małych firm' }, 'Accounting Software'],
    [{ query: 'расчёт заработной платы в облаке' }, 'Payroll Software'],
    [{ title: 'Zarządzanie łańcuchem dostaw w 2026' }, 'Supply Chain Management'],
    [{ title: 'Управление цепочками поставок' }, 'Supply Chain Management'],
    [{ title: 'Wdrożenie systemu ERP w produkcji' }, 'ERP'],
    [{ title: 'Внедрение ERP-системы на заводе' }, 'ERP'],
    [{ query: 'Fuhrparkmanagement Software' }, 'Fleet Management'],
    [{ title: 'Ochrona punktów końcowych w firmie' }, 'Endpoint Protection'],
  ])('%j → %s', (evidence, expected) => {
    expect(compileTaxonomy(DEFAULT_TAXONOMY).match(evidence)?.topic).toBe(expected)
  })
})
