import { describe, expect, it } from 'vitest'
import { en } from '../../src/web/i18n/en.ts'
import { DICTIONARIES, fromAcceptLanguage, LOCALES, translator } from '../../src/web/i18n/index.ts'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const texts = (entry: unknown): string[] =>
  typeof entry === 'string' ? [entry] : Object.values(entry as Record<string, string>)

describe('dictionaries', () => {
  it.each(LOCALES)('%s has every key of the English dictionary and no other', (locale) => {
    expect(Object.keys(DICTIONARIES[locale]).sort()).toEqual(Object.keys(en).sort())
  })

  it.each(LOCALES)('%s has no empty text and keeps every placeholder', (locale) => {
    for (const [key, entry] of Object.entries(DICTIONARIES[locale])) {
      const reference = placeholders(texts(en[key as keyof typeof en])[0]!)
      for (const text of texts(entry)) {
        expect(text.trim(), key).not.toBe('')
        expect(placeholders(text), `${locale} ${key}`).toEqual(reference)
      }
    }
  })

  it.each(LOCALES)('%s gives each plural entry every category its language uses', (locale) => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories
    for (const [key, entry] of Object.entries(DICTIONARIES[locale])) {
      if (typeof entry === 'string') continue
      expect(Object.keys(entry).sort(), `${locale} ${key}`).toEqual([...categories].sort())
    }
  })

  it('Polish and Russian are really translated, not copies of English', () => {
    for (const locale of ['pl', 'ru'] as const) {
      const same = Object.keys(en).filter(
        (key) =>
          JSON.stringify(DICTIONARIES[locale][key as keyof typeof en]) ===
          JSON.stringify(en[key as keyof typeof en]),
      )
      // The product name, and "E-mail", which Polish writes as English does.
      const shared = locale === 'pl' ? ['app.name', 'signal.email'] : ['app.name']
      expect(same.filter((key) => !shared.includes(key))).toEqual([])
    }
  })
})

describe('plurals and formats', () => {
  it.each([
    ['en', 1, '1 account'],
    ['en', 2, '2 accounts'],
    ['pl', 1, '1 firma'],
    ['pl', 3, '3 firmy'],
    ['pl', 5, '5 firm'],
    ['pl', 22, '22 firmy'],
    ['pl', 25, '25 firm'],
    ['ru', 1, '1 компания'],
    ['ru', 21, '21 компания'],
    ['ru', 3, '3 компании'],
    ['ru', 11, '11 компаний'],
    ['ru', 1500, '1\u00a0500 компаний'],
  ] as const)('%s %d → %s', (locale, count, expected) => {
    expect(translator(locale).plural('board.count', count)).toBe(expected)
  })

  it('formats numbers and dates per locale', () => {
    expect(translator('en').number(1234.5)).toBe('1,234.5')
    expect(translator('pl').number(1234.5)).toBe('1234,5')
    expect(translator('ru').number(12345.5)).toBe('12\u00a0345,5')
    expect(translator('pl').date('2026-11-25')).toBe('25 lis 2026')
    expect(translator('en').percent(0.43)).toBe('43%')
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    const tr = translator('en')
    expect(tr.t('page.of', { page: 2, pages: 5 })).toBe('Page 2 of 5')
    expect(tr.t('page.of', { page: 2 })).toBe('Page 2 of {pages}')
  })
})

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['pl', 'pl'],
    ['ru-RU,ru;q=0.9', 'ru'],
    ['de-DE, fr;q=0.9', 'en'],
    ['en;q=0.2, pl;q=0.8', 'pl'],
    ['pl;q=0, ru;q=0.1', 'ru'],
    ['*', 'en'],
    ['PL-pl', 'pl'],
  ])('%s → %s', (header, expected) => {
    expect(fromAcceptLanguage(header)).toBe(expected)
  })
})
