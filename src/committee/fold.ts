/**
 * Text folding for job titles: one canonical, comparable form per title so the
 * keyword rules can be written once in plain lower-case ASCII / Cyrillic.
 *
 * Pure: no I/O, no locale-dependent behaviour.
 */

// Letters that NFD does not decompose into "base + combining mark", so stripping
// marks alone would leave them untouched.
const LATIN_LIGATURES: Readonly<Record<string, string>> = {
  ł: 'l',
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ı: 'i',
}

// Marks are removed only after a Latin letter: Cyrillic й and ё also decompose
// under NFD, and stripping there would turn й into и and change words.
const LATIN_LETTER_WITH_MARKS = /(\p{Script=Latin})\p{M}+/gu
const LIGATURE = /[łßẞøæœđı]/g
// Everything that is not a letter or a digit separates words: '/', ',', '-',
// '&', '|', '(', ')', '.', emoji, exotic spaces.
const NON_WORD = /[^\p{L}\p{N}]+/gu

/** Lower case, strip Latin diacritics, keep Cyrillic (ё → е), words split by single spaces. */
export function foldText(text: string): string {
  const lower = text.normalize('NFKC').toLowerCase()
  const withoutMarks = lower
    .normalize('NFD')
    .replace(LATIN_LETTER_WITH_MARKS, '$1')
    .normalize('NFC')
  return withoutMarks
    .replace(LIGATURE, (ch) => LATIN_LIGATURES[ch] ?? ch)
    .replaceAll('ё', 'е')
    .replace(NON_WORD, ' ')
    .trim()
}
