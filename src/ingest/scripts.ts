/**
 * Which writing systems a domain label mixes. A Cyrillic 'а' in `аcme.com` looks like the
 * Latin 'a': the classic phishing look-alike. A label wholly in one script (`пример.рф`) is a
 * name; a label mixing scripts is refused unless it is one of the mixes Unicode's "highly
 * restrictive" profile allows for Chinese, Japanese and Korean (UTS #39, section 5.2).
 */
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Nko',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Mongolian',
  'Ethiopic',
  'Cherokee',
  'Canadian_Aboriginal',
  'Tifinagh',
  'Hangul',
  'Han',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Yi',
  'Coptic',
  'Glagolitic',
  'Javanese',
  'Balinese',
  'Sundanese',
  'Vai',
  'Adlam',
] as const

const TESTS = SCRIPTS.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')] as const)
/** Digits, hyphens and combining marks belong to no one script. */
const NO_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}]$/u
const LETTER = /^\p{L}$/u

/** The CJK mixes of UTS #39's highly restrictive level, each with Latin allowed. */
const ALLOWED_MIXES: ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
]

/** The scripts of a label's letters, in order of first use; a letter of an unlisted script is 'Other'. */
export function scriptsOf(label: string): string[] {
  const found = new Set<string>()
  for (const char of label) {
    if (!LETTER.test(char) || NO_SCRIPT.test(char)) continue
    found.add(TESTS.find(([, test]) => test.test(char))?.[0] ?? 'Other')
  }
  return [...found]
}

/** The scripts a label mixes when that mix is not allowed, else null. */
export function disallowedMix(label: string): string[] | null {
  const scripts = scriptsOf(label)
  if (scripts.length <= 1) return null
  const allowed = ALLOWED_MIXES.some((mix) => scripts.every((script) => mix.has(script)))
  return allowed ? null : scripts.sort()
}
