import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { fold, foldedWords } from '../../src/taxonomy/fold.ts'
import { keywordStems, textStems } from '../../src/taxonomy/stems.ts'

/** Whether a keyword word and a text word are one word to the matcher. */
const sameWord = (keyword: string, text: string) => {
  const k = foldedWords(keyword)[0]!
  const w = foldedWords(text)[0]!
  if (k === w) return true
  const stems = new Set(keywordStems(k))
  return textStems(w).some((stem) => stems.has(stem))
}

describe('folding', () => {
  it.each([
    ['Hurtownię', 'hurtownie'],
    ['ŁAŃCUCH', 'lancuch'],
    ['Księgowość', 'ksiegowosc'],
    ['Straße', 'strasse'],
    ['ØRSTED', 'orsted'],
    ['Lösung', 'losung'],
    ['Æther', 'aether'],
    ['Ёлка', 'елка'],
    ['ХРАНИЛИЩЕ', 'хранилище'],
    ['ﬁnance', 'finance'],
    ['Ｄａｔａ', 'data'],
    ['café', 'cafe'],
    ['cafe\u0301', 'cafe'],
  ])('%s → %s', (text, folded) => {
    expect(fold(text)).toBe(folded)
    expect(foldedWords(text)).toEqual([folded])
  })

  it('splits words on anything but letters and digits, whatever the spacing', () => {
    expect(foldedWords('  Data-Warehouse,\tCRM/ERP   (2026) ')).toEqual([
      'data',
      'warehouse',
      'crm',
      'erp',
      '2026',
    ])
    expect(foldedWords('—  ')).toEqual([])
    expect(foldedWords('日本語 テスト')).toEqual(['日本語', 'テスト'])
  })

  test.prop([fc.string({ unit: 'grapheme' })])('is idempotent', (text) => {
    expect(fold(fold(text))).toBe(fold(text))
    expect(foldedWords(foldedWords(text).join(' '))).toEqual(foldedWords(text))
  })

  test.prop([fc.string({ unit: 'grapheme-ascii' })])(
    'ignores case and separators in ASCII text',
    (text) => {
      expect(foldedWords(text.toUpperCase())).toEqual(foldedWords(text.toLowerCase()))
      expect(foldedWords(text.replace(/[\s_-]+/g, ' \t '))).toEqual(foldedWords(text))
    },
  )

  test.prop([fc.constantFrom(...'ąćęłńóśźżäöüßёАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'.split(''))])(
    'folds Polish, German and Russian letters to what they read as, in both cases',
    (letter) => {
      expect(fold(letter.toUpperCase())).toBe(fold(letter.toLowerCase()))
      expect(fold(letter)).toMatch(/^[a-zа-я]+$/)
    },
  )
})

describe('inflection', () => {
  it.each([
    // Polish: case endings of nouns and adjectives
    ['hurtownia', 'hurtowni'],
    ['hurtownia', 'hurtownię'],
    ['hurtownia', 'hurtowniach'],
    ['hurtownia', 'hurtownią'],
    ['zarządzanie', 'zarządzania'],
    ['zarządzanie', 'zarządzaniem'],
    ['oprogramowanie', 'oprogramowaniu'],
    ['platforma', 'platformy'],
    ['chmura', 'chmurze'],
    ['rekrutacyjny', 'rekrutacyjne'],
    ['księgowość', 'księgowości'],
    // Russian
    ['хранилище', 'хранилища'],
    ['хранилище', 'хранилищем'],
    ['безопасность', 'безопасности'],
    ['безопасность', 'безопасностью'],
    ['облачная', 'облачной'],
    ['облачная', 'облачные'],
    ['управление', 'управления'],
    ['система', 'системы'],
    ['система', 'системами'],
    ['логистика', 'логистике'],
    // German and English plurals
    ['Datenbank', 'Datenbanken'],
    ['Lohnabrechnung', 'Lohnabrechnungen'],
    ['warehouse', 'warehouses'],
    ['strategy', 'strategies'],
  ])('%s matches %s', (keyword, text) => {
    expect(sameWord(keyword, text)).toBe(true)
  })

  it.each([
    // Short words match only exactly.
    ['data', 'date'],
    ['data', 'datum'],
    ['baza', 'bazy'],
    ['cloud', 'close'],
    ['erp', 'erps'],
    // A stem must be long: neither a prefix nor a different word.
    ['marketing', 'market'],
    ['security', 'secure'],
    ['warehouse', 'ware'],
    // The limits: consonant alternations and German compounds.
    ['logistyka', 'logistyce'],
    ['Datenbank', 'Datenbanksoftware'],
  ])('%s does not match %s', (keyword, text) => {
    expect(sameWord(keyword, text)).toBe(false)
  })

  test.prop([fc.stringMatching(/^[a-z]{1,12}$/)])('a word always matches itself', (word) => {
    expect(sameWord(word, word)).toBe(true)
  })
})
