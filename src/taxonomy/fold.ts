/**
 * Text folded for matching: case, diacritics and the letters NFKD does not decompose are
 * erased, so `Hurtownię`, `hurtownie` and `HURTOWNIĘ` are one word, and so are `Lösung` and
 * `losung`, `ёлка` and `елка`. Both sides of a match go through the same function, so what it
 * conflates (`й` → `и` among them) never makes two spellings differ.
 *
 * Latin, Greek and Cyrillic are folded from a table computed once (NFKD, lower case, marks
 * dropped, the letters below mapped); anything else takes the NFKD path a character at a time.
 */

/** Letters with no decomposition, and what they read as. */
const LETTERS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
}
const UNDECOMPOSED = /[łøßæœđðþıħŧŀ]/g
const MARKS = /\p{M}+/gu
const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]+$/u

const undecomposed = (letter: string) => LETTERS[letter]!

function foldSlowly(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(MARKS, '').replace(UNDECOMPOSED, undecomposed)
}

/** Code units below this are folded from the table: Latin, Greek, Cyrillic, combining marks. */
const TABLE_SIZE = 0x530
const FOLDED: string[] = []
/** 1 where the code unit is a letter, digit or mark: part of a word. */
const IN_WORD = new Uint8Array(TABLE_SIZE)
for (let code = 0; code < TABLE_SIZE; code++) {
  const character = String.fromCharCode(code)
  FOLDED.push(foldSlowly(character))
  IN_WORD[code] = WORD_CHARACTER.test(character) ? 1 : 0
}

const ASCII = /^[\x20-\x7e]*$/

export function fold(text: string): string {
  // Most titles, queries and URLs are ASCII: lower-casing is all they need.
  if (ASCII.test(text)) return text.toLowerCase()
  // Built as parts and joined: a flat string, which map look-ups hash without flattening.
  const parts: string[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= TABLE_SIZE) {
      parts.push(foldSlowly(text.slice(i)))
      break
    }
    parts.push(FOLDED[code]!)
  }
  return parts.join('')
}

/**
 * The folded words of a text: runs of letters and digits, everything else separating them
 * (`Data-Warehouse` is two words). Folding comes first, so that a character folding to
 * punctuation (`🄀` → `0.`) splits like it; the words are slices of the folded text.
 */
export function foldedWords(text: string): string[] {
  return wordsOf(fold(text))
}

/** The words of text already folded. */
export function wordsOf(folded: string): string[] {
  const list: string[] = []
  let start = -1
  for (let i = 0; i <= folded.length; i++) {
    let inWord = false
    let width = 1
    if (i < folded.length) {
      const code = folded.charCodeAt(i)
      if (code < TABLE_SIZE) inWord = IN_WORD[code] === 1
      else {
        const point = folded.codePointAt(i)!
        width = point > 0xffff ? 2 : 1
        inWord = WORD_CHARACTER.test(String.fromCodePoint(point))
      }
    }
    if (inWord) {
      if (start === -1) start = i
    } else if (start !== -1) {
      list.push(folded.slice(start, i))
      start = -1
    }
    i += width - 1
  }
  return list
}
