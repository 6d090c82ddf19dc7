/**
 * Keyword patterns for job titles (the syntax is described in title-rules.ts), compiled to
 * regular expressions, and an index that says which patterns can possibly match a title.
 *
 * There are about a thousand patterns; running every regex on every title cost ~170 µs a
 * title. Each pattern word matches exactly one word of the folded title, so a pattern can
 * only match when the title has a word that fits one chosen word of the pattern: the same
 * word, a word starting or ending with its letters, or containing them. The index looks
 * those up per title word and runs the regexes of the few candidates only, in table order,
 * so every decision is the one a full scan would make.
 *
 * Pure: no I/O.
 */

export interface Pattern {
  readonly id: string
  readonly match: RegExp
  readonly unless: RegExp | undefined
  /** The words of the match part, as written (`*` and all), for the index. */
  readonly words: readonly string[]
}

export interface PatternHit {
  readonly position: number
  readonly length: number
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One pattern word; `*` matches any run of letters inside the word. */
const wordToRegExp = (word: string): string => word.split('*').map(escapeRegExp).join('[^ ]*')

const wordsOf = (pattern: string): string[] =>
  pattern
    .replace(/^\^|\$$/g, '')
    .trim()
    .split(' ')

function compileWords(pattern: string): RegExp {
  const anchoredStart = pattern.startsWith('^')
  const anchoredEnd = pattern.endsWith('$')
  let body = ''
  let gap = false
  for (const word of wordsOf(pattern)) {
    if (word === '..') {
      gap = true
      continue
    }
    if (body !== '') body += gap ? '(?: [^ ]+)* ' : ' '
    gap = false
    body += wordToRegExp(word)
  }
  const start = anchoredStart ? '^' : '(?:^| )'
  const end = anchoredEnd ? '$' : '(?= |$)'
  return new RegExp(`${start}(${body})${end}`, 'u')
}

/** Readable id fragment for a pattern: 'dyrektor* finansow*' → 'dyrektor-finansow'. */
const slug = (pattern: string): string =>
  pattern
    .replace(/[*^$]|\.\./g, '')
    .trim()
    .replace(/\s+/g, '-')

export function compilePattern(idPrefix: string, source: string): Pattern {
  const [matchPart = '', unlessPart] = source.split(' !')
  return {
    id: `${idPrefix}:${slug(matchPart)}`,
    match: compileWords(matchPart),
    unless: unlessPart === undefined ? undefined : compileWords(unlessPart),
    words: wordsOf(matchPart).filter((word) => word !== '..'),
  }
}

export function findPattern(pattern: Pattern, text: string): PatternHit | undefined {
  if (pattern.unless?.test(text)) return undefined
  const found = pattern.match.exec(text)
  if (!found) return undefined
  const matched = found[1] ?? ''
  const position = found.index + (found[0].length - matched.length)
  return { position, length: matched.length }
}

// ---------------------------------------------------------------- index

/** Letters a key is cut to: short enough for `hr*`, long enough to be selective. */
const KEY = 3

/**
 * How a pattern is found: by one of its words, from the most to the least selective. `key`
 * is what the index is keyed by, `literal` what the title word must then start with, end
 * with or contain (the letters of the pattern word before, after or between its `*`).
 */
type Anchor =
  | { readonly kind: 'exact'; readonly key: string }
  | { readonly kind: 'prefix' | 'suffix' | 'infix'; readonly key: string; readonly literal: string }
  | { readonly kind: 'always' }

const SELECTIVITY: Readonly<Record<Anchor['kind'], number>> = {
  exact: 4,
  prefix: 3,
  suffix: 2,
  infix: 1,
  always: 0,
}

function anchorOfWord(word: string): Anchor {
  if (!word.includes('*')) return { kind: 'exact', key: word }
  const parts = word.split('*')
  const head = parts[0] ?? ''
  const tail = parts[parts.length - 1] ?? ''
  if (head !== '') return { kind: 'prefix', key: head.slice(0, KEY), literal: head }
  if (tail !== '') return { kind: 'suffix', key: tail.slice(-KEY), literal: tail }
  const longest = parts.reduce((best, part) => (part.length > best.length ? part : best), '')
  return longest.length >= KEY
    ? { kind: 'infix', key: longest.slice(0, KEY), literal: longest }
    : { kind: 'always' }
}

/** The most selective word; among equals the longer one (fewer words share its key). */
function anchorOf(pattern: Pattern): Anchor {
  let best: Anchor = { kind: 'always' }
  let bestLength = -1
  for (const word of pattern.words) {
    const anchor = anchorOfWord(word)
    const length = word.replaceAll('*', '').length
    const better =
      SELECTIVITY[anchor.kind] > SELECTIVITY[best.kind] ||
      (SELECTIVITY[anchor.kind] === SELECTIVITY[best.kind] && length > bestLength)
    if (better) {
      best = anchor
      bestLength = length
    }
  }
  return best
}

interface Entry {
  readonly index: number
  readonly literal: string
}

const push = <T>(map: Map<string, T[]>, key: string, entry: T) => {
  const list = map.get(key)
  if (list) list.push(entry)
  else map.set(key, [entry])
}

/** Which patterns of a table can match a folded title: their positions, ascending. */
export type PatternIndex = (text: string) => readonly number[]

export function indexPatterns(patterns: readonly Pattern[]): PatternIndex {
  const exact = new Map<string, number[]>()
  const prefix = new Map<string, Entry[]>()
  const suffix = new Map<string, Entry[]>()
  const infix = new Map<string, Entry[]>()
  const always: number[] = []
  patterns.forEach((pattern, index) => {
    const anchor = anchorOf(pattern)
    if (anchor.kind === 'always') always.push(index)
    else if (anchor.kind === 'exact') push(exact, anchor.key, index)
    else
      push({ prefix, suffix, infix }[anchor.kind], anchor.key, { index, literal: anchor.literal })
  })
  const shortestPrefix = Math.min(KEY, ...[...prefix.keys()].map((key) => key.length))
  const shortestSuffix = Math.min(KEY, ...[...suffix.keys()].map((key) => key.length))
  // A stamp per pattern instead of a Set: collecting candidates allocates nothing per title.
  const seenIn = new Uint32Array(patterns.length)
  let generation = 0

  return (text) => {
    generation = generation === 0xffffffff ? 1 : generation + 1
    if (generation === 1) seenIn.fill(0)
    const found: number[] = []
    const add = (index: number) => {
      if (seenIn[index] === generation) return
      seenIn[index] = generation
      found.push(index)
    }
    for (const index of always) add(index)
    for (const word of text.split(' ')) {
      if (word === '') continue
      for (const index of exact.get(word) ?? []) add(index)
      for (let length = shortestPrefix; length <= KEY && length <= word.length; length++)
        for (const entry of prefix.get(word.slice(0, length)) ?? [])
          if (word.startsWith(entry.literal)) add(entry.index)
      for (let length = shortestSuffix; length <= KEY && length <= word.length; length++)
        for (const entry of suffix.get(word.slice(-length)) ?? [])
          if (word.endsWith(entry.literal)) add(entry.index)
      for (let start = 0; start + KEY <= word.length; start++)
        for (const entry of infix.get(word.slice(start, start + KEY)) ?? [])
          if (word.includes(entry.literal)) add(entry.index)
    }
    return found.sort((a, b) => a - b)
  }
}

/** A compiled table and its index. */
export interface PatternTable<T extends Pattern> {
  readonly patterns: readonly T[]
  readonly candidates: PatternIndex
}

/**
 * Compiles a table on first use, not at import: the service's start-up (and every CLI command
 * that never reads a title) does not pay for a thousand regular expressions.
 */
export function lazyTable<T extends Pattern>(compile: () => readonly T[]): () => PatternTable<T> {
  let table: PatternTable<T> | undefined
  return () => {
    if (table === undefined) {
      const patterns = compile()
      table = { patterns, candidates: indexPatterns(patterns) }
    }
    return table
  }
}
