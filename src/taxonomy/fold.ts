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

function foldSlowly(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(MARKS, '')
    .replace(UNDECOMPOSED, (letter) => LETTERS[letter]!)
}

/** Code units below this are folded from the table: Latin, Greek, Cyrillic, combining marks. */
const TABLE_SIZE = 0x530
const FOLDED: string[] = []
/**
 * 1 where the code unit folds to word characters only (letters, digits, marks, or nothing):
 * those join the word being read without a second look.
 */
const PLAIN = new Uint8Array(TABLE_SIZE)
for (let code = 0; code < TABLE_SIZE; code++) {
  const character = String.fromCharCode(code)
  const folded = foldSlowly(character)
  FOLDED.push(folded)
  PLAIN[code] = WORD_CHARACTER.test(character) && /^[\p{L}\p{N}]*$/u.test(folded) ? 1 : 0
}

const ASCII = /^[\x20-\x7e]*$/

export function fold(text: string): string {
  // Most titles, queries and URLs are ASCII: lower-casing is all they need.
  if (ASCII.test(text)) return text.toLowerCase()
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < TABLE_SIZE) out += FOLDED[code]
    else return out + foldSlowly(text.slice(i))
  }
  return out
}

/**
 * The folded words of a text: runs of letters and digits, everything else separating them
 * (`Data-Warehouse` is two words). One pass, no regular expression on the usual scripts;
 * folding first, so that a character folding to punctuation (`🄀` → `0.`) splits like it.
 */
export function foldedWords(text: string): string[] {
  const list: string[] = []
  let word = ''
  const end = () => {
    if (word !== '') list.push(word)
    word = ''
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < TABLE_SIZE && PLAIN[code] === 1) {
      word += FOLDED[code]
      continue
    }
    const point = text.codePointAt(i)!
    if (point > 0xffff) i++
    const character = String.fromCodePoint(point)
    if (!WORD_CHARACTER.test(character)) {
      end()
      continue
    }
    for (const piece of foldSlowly(character)) {
      if (WORD_CHARACTER.test(piece)) word += piece
      else end()
    }
  }
  end()
  return list
}
