import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { compileTaxonomy } from '../../src/taxonomy/match.ts'
import type { TaxonomyTopic } from '../../src/taxonomy/types.ts'
import { globMatch, urlTarget } from '../../src/taxonomy/url-pattern.ts'

const topic = (name: string, keywords: string[] = [], urls: string[] = []): TaxonomyTopic => ({
  name,
  category: `${name} category`,
  keywords,
  urls,
})

describe('URL patterns', () => {
  const taxonomy = compileTaxonomy([
    topic('CRM', [], ['g2.com/categories/crm*']),
    topic('Pricing', [], ['*.vendor.com/pricing*']),
    topic('Vendor site', [], ['vendor.com']),
    topic('DW', [], ['capterra.com/data-warehouse-software']),
    topic('Any host', [], ['*/compare/erp*']),
    topic('Bücher', [], ['bücher.de/fach*']),
  ])
  const topicOf = (url: string) => taxonomy.match({ url })?.topic ?? null

  it.each([
    ['https://www.g2.com/categories/crm', 'CRM'],
    ['https://G2.COM/Categories/CRM-Software?utm_source=x#reviews', 'CRM'],
    ['http://g2.com:8080/categories/crm/', 'CRM'],
    ['https://app.vendor.com/pricing/enterprise', 'Pricing'],
    ['https://eu.app.vendor.com/pricing', 'Pricing'],
    // `*.vendor.com` covers the bare domain, and www. is dropped.
    ['https://vendor.com/pricing', 'Pricing'],
    ['https://www.vendor.com/pricing', 'Pricing'],
    // A pattern without a path covers the whole site.
    ['https://vendor.com/', 'Vendor site'],
    ['https://vendor.com/about/team', 'Vendor site'],
    ['https://www.capterra.com/data-warehouse-software/', 'DW'],
    ['https://anything.example/compare/erp-systems', 'Any host'],
    ['https://xn--bcher-kva.de/fachbuch', 'Bücher'],
    ['https://BÜCHER.de/Fach', 'Bücher'],
  ])('%s → %s', (url, expected) => {
    expect(topicOf(url)).toBe(expected)
  })

  it.each([
    'https://g2.com/categories/hr',
    'https://notvendor.com/pricing',
    'https://vendor.com.evil.example/pricing',
    // A `*` in the host never runs into the path.
    'https://evil.example/x.vendor.com/pricing',
    'https://www.capterra.com/data-warehouse-software/reviews',
    'https://g2.com/?q=/categories/crm',
    'ftp://g2.com/categories/crm',
    'not a url',
  ])('%s matches nothing', (url) => {
    expect(topicOf(url)).toBeNull()
  })

  it('reads host and path as the URL parser does for ordinary URLs', () => {
    for (const url of [
      'https://user:pass@Sub.Example.com:443/a/B?c=d#e',
      'https://example.com',
      'http://example.com/%C5%82%C3%B3d%C5%BA',
    ]) {
      const parsed = new URL(url)
      const target = urlTarget(url)!
      expect(target.host).toBe(parsed.hostname.toLowerCase().replace(/^www\./, ''))
      expect(target.path).toBe(
        decodeURIComponent(parsed.pathname)
          .toLowerCase()
          .replace(/(.)\/$/, '$1')
          .replace('ł', 'l')
          .normalize('NFKD')
          .replace(/\p{M}/gu, ''),
      )
    }
  })

  test.prop([fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })])(
    'a glob without * matches only itself; * matches any run',
    (a, b) => {
      const literal = a.replaceAll('*', '')
      expect(globMatch(literal, b)).toBe(literal === b)
      expect(globMatch(`${literal}*`, literal + b)).toBe(true)
      expect(globMatch(`*${literal}`, b + literal)).toBe(true)
      expect(globMatch('*', b)).toBe(true)
    },
  )

  it('stays fast on patterns built to backtrack', () => {
    const started = performance.now()
    expect(globMatch('*a*a*a*a*a*a*a*b', 'a'.repeat(2000))).toBe(false)
    // Generous: a backtracking regular expression takes minutes here.
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('keywords', () => {
  const taxonomy = compileTaxonomy([
    topic('Data Warehouse', ['data warehouse', 'hurtownia danych', 'хранилище данных']),
    topic('ERP', ['ERP', 'system ERP']),
    topic('Cloud Security', ['cloud security', 'облачная безопасность']),
    topic('Warehouse Management', ['warehouse management', 'Lagerverwaltung']),
  ])
  const topicOf = (title: string) => taxonomy.match({ title })?.topic ?? null

  it.each([
    ['Jak wybrać hurtownię danych?', 'Data Warehouse'],
    ['HURTOWNIE DANYCH w chmurze', 'Data Warehouse'],
    ['Построение корпоративного хранилища данных', 'Data Warehouse'],
    ['Облачная безопасность в банке', 'Cloud Security'],
    ['Data-Warehouse Vergleich', 'Data Warehouse'],
    ['data\twarehouse', 'Data Warehouse'],
    ['Best ERP for SMEs', 'ERP'],
    ['Lagerverwaltung im Mittelstand', 'Warehouse Management'],
  ])('%s → %s', (title, expected) => {
    expect(topicOf(title)).toBe(expected)
  })

  it.each([
    // Whole words only: never a substring of a longer word.
    'superpower',
    'SERPs and rankings',
    'datawarehouse',
    // A phrase needs its words in order and next to each other.
    'warehouse of data',
    'data in the warehouse',
    '',
    '   ',
  ])('%j matches nothing', (title) => {
    expect(topicOf(title)).toBeNull()
  })

  it('reads the words of a URL path too', () => {
    expect(taxonomy.match({ url: 'https://vendor.example/blog/data-warehouse-guide' })?.topic).toBe(
      'Data Warehouse',
    )
    expect(taxonomy.match({ url: 'https://erp.example/careers' })).toBeNull()
  })
})

describe('the most specific match wins', () => {
  const taxonomy = compileTaxonomy([
    topic('Warehouse Management', ['warehouse management', 'warehouse']),
    topic('Data Warehouse', ['data warehouse', 'cloud data warehouse']),
    topic('Cloud', ['cloud', 'cloud platform', 'cloud storage']),
    topic('CRM', ['CRM'], ['g2.com/categories/crm*']),
    topic('CRM Reviews', [], ['g2.com/categories/crm/reviews*']),
    topic('Storage', ['storage', 'data storage']),
    topic('Stack', ['stack']),
  ])
  const winner = (evidence: Parameters<typeof taxonomy.match>[0]) =>
    taxonomy.match(evidence)?.topic ?? null

  it.each([
    // A URL pattern beats any keyword.
    [{ url: 'https://g2.com/categories/crm', title: 'cloud data warehouse' }, 'CRM'],
    // Between patterns, the one with more literal characters.
    [{ url: 'https://g2.com/categories/crm/reviews/x' }, 'CRM Reviews'],
    // The phrase of more words: "cloud data warehouse" over "cloud" and "data warehouse".
    [{ title: 'A cloud data warehouse' }, 'Data Warehouse'],
    // Exact beats stemmed between phrases of as many words.
    [{ title: 'warehouses and cloud' }, 'Cloud'],
    // More distinct keywords of a topic, between equally long exact phrases.
    [{ title: 'data storage versus data warehouse and cloud data warehouse' }, 'Data Warehouse'],
    [{ title: 'cloud storage, a cloud platform and data storage' }, 'Cloud'],
    // Title over query over URL path, when nothing else decides.
    [{ title: 'stack', query: 'cloud' }, 'Stack'],
    [{ query: 'stack', url: 'https://x.example/cloud' }, 'Stack'],
    [{ query: 'cloud', url: 'https://x.example/stack' }, 'Cloud'],
    // Otherwise the topic listed first.
    [{ title: 'warehouse storage' }, 'Warehouse Management'],
  ])('%j → %s', (evidence, expected) => {
    expect(winner(evidence)).toBe(expected)
  })

  test.prop([
    fc.array(fc.constantFrom('the', 'best', '2026', 'for', 'vs', 'guide'), { maxLength: 6 }),
    fc.array(fc.constantFrom('the', 'best', '2026', 'for', 'vs', 'guide'), { maxLength: 6 }),
  ])(
    'a longer phrase wins wherever it stands among other words and shorter matches',
    (before, after) => {
      const title = [...before, 'cloud', ...after, 'cloud data warehouse', 'storage'].join(' ')
      expect(winner({ title })).toBe('Data Warehouse')
    },
  )

  test.prop([fc.string({ maxLength: 80 })])(
    'the answer does not depend on which other evidence is absent or empty',
    (text) => {
      expect(taxonomy.match({ title: text })).toEqual(
        taxonomy.match({ title: text, query: '', url: null }),
      )
    },
  )
})

describe('categories', () => {
  it('are looked up by topic key and spelled as their first topic spells them', () => {
    const taxonomy = compileTaxonomy([
      { name: 'ERP', category: 'Operations', keywords: [], urls: [] },
      { name: 'MES', category: 'OPERATIONS', keywords: [], urls: [] },
    ])
    expect(taxonomy.categoryOf('erp')).toBe('Operations')
    expect(taxonomy.categoryOf('mes')).toBe('Operations')
    expect(taxonomy.categoryOf('crm')).toBeNull()
  })

  it('have the same version for the same content, another for another', () => {
    const a = [topic('ERP', ['erp'])]
    expect(compileTaxonomy(a).version).toBe(compileTaxonomy(structuredClone(a)).version)
    expect(compileTaxonomy(a).version).not.toBe(compileTaxonomy([topic('ERP', ['mrp'])]).version)
  })
})
