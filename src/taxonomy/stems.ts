/**
 * Inflection, lightly: two words are one when they differ only in an inflectional ending of
 * their script. Polish and Russian nouns and adjectives change their endings with case and
 * number (`hurtownia` → `hurtowni`, `hurtownię`, `hurtowniach`; `хранилище` → `хранилища`,
 * `хранилищем`), German and English add plural endings. A keyword word w (folded) matches a
 * text word t when t = w, or when w has at least MIN_STEMMED letters and w = s + e₁,
 * t = s + e₂ for a shared stem s of at least max(MIN_STEM, |w| − 3) letters and endings e₁, e₂
 * of the list below (or none).
 *
 * What it does not do: consonant alternations beyond r → rz (`logistyka` → `logistyce`),
 * vowel changes inside the stem (`Stadt` → `Städte`), German compounds (`Datenbanksoftware`
 * is not `Datenbank`), and words under MIN_STEMMED letters, which match exactly.
 */

/** Words this short match only exactly: `data` must not be `date`. */
export const MIN_STEMMED = 5
/** A shared stem is never shorter than this. */
export const MIN_STEM = 4

// Folded endings (no diacritics: ą → a, ę → e, ó → o; й → и). Polish case endings, English
// and German plurals; `ze`/`zie` cover the r → rz, d → dz alternation (`chmura` → `chmurze`).
const LATIN = (
  'a e i o u y s n ach ami om ow ie iem em owi owie ego emu ej ym ymi ych im imi ich ia ii iu ' +
  'iach iami iom iow owa owe owy owej owych owym owymi owego owemu ze zie es ies en er ern ens'
).split(' ')
const CYRILLIC = (
  'а я о е ы и у ю ь ая яя ое ее ые ие ыи ии ои еи ого его ому ему ым им ых их ую юю ою ею ' +
  'ами ями ах ях ом ем ам ям ов ев ью ия ию ием иям иями иях'
).split(' ')
const ENDINGS = { latin: new Set(LATIN), cyrillic: new Set(CYRILLIC) }
const LONGEST_ENDING = Math.max(...[...LATIN, ...CYRILLIC].map((ending) => ending.length))

const isCyrillic = (word: string) => {
  const code = word.charCodeAt(0)
  return code >= 0x400 && code <= 0x4ff
}
const hasDigit = /\d/

/**
 * The stems a word could have: itself, and itself without each ending of its script that
 * leaves at least `minStem` letters. Words with digits (`365`, `s4hana`) have no stems.
 */
export function stemsOf(word: string, minStem: number): string[] {
  const stems = [word]
  if (hasDigit.test(word)) return stems
  const endings = isCyrillic(word) ? ENDINGS.cyrillic : ENDINGS.latin
  const longest = Math.min(LONGEST_ENDING, word.length - minStem)
  for (let length = 1; length <= longest; length++) {
    if (endings.has(word.slice(word.length - length)))
      stems.push(word.slice(0, word.length - length))
  }
  return stems
}

/** The stems a keyword word is indexed under: none but itself below MIN_STEMMED letters. */
export function keywordStems(word: string): string[] {
  if (word.length < MIN_STEMMED) return []
  return stemsOf(word, Math.max(MIN_STEM, word.length - 3))
}

/** The stems a text word is looked up under. */
export function textStems(word: string): string[] {
  return stemsOf(word, MIN_STEM)
}
