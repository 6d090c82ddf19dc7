import { foldedWords, wordsOf } from './fold.ts'
import { keywordStems, MIN_STEM, textStems } from './stems.ts'

/**
 * The keywords of a taxonomy as a trie of word ids, with every keyword word indexed under its
 * exact form and its stems (stems.ts): matching a text costs a few map look-ups per word and
 * a walk down the trie from each word, whatever the number of keywords. Built once per
 * taxonomy version; nothing is compiled per signal.
 */

export interface KeywordEntry {
  topic: number
  /** As written in the taxonomy. */
  source: string
  words: number
  /** Folded length, for ties between phrases of as many words. */
  chars: number
}

export interface KeywordHit {
  entry: KeywordEntry
  /** Every word matched exactly (not through a stem). */
  exact: boolean
  /** Which of the evidence's texts it was found in (the caller's numbering). */
  field: number
}

interface TrieNode {
  next: Map<number, TrieNode>
  ends: KeywordEntry[]
}

const node = (): TrieNode => ({ next: new Map(), ends: [] })
const NONE: readonly number[] = []
/** Text words remembered per index: titles repeat the same few thousand words. */
const MAX_REMEMBERED_WORDS = 50_000

export class KeywordIndex {
  private readonly exact = new Map<string, number>()
  private readonly stems = new Map<string, number[]>()
  /** The first MIN_STEM letters of every stem: most text words fail this one look-up. */
  private readonly heads = new Set<string>()
  private readonly known = new Map<string, readonly number[]>()
  private readonly root = node()

  /** Adds a keyword of topic `topic`; false when it has no word (only punctuation). */
  add(topic: number, keyword: string): boolean {
    const list = foldedWords(keyword)
    if (list.length === 0) return false
    let at = this.root
    for (const word of list) {
      const id = this.wordId(word)
      let next = at.next.get(id)
      if (next === undefined) {
        next = node()
        at.next.set(id, next)
      }
      at = next
    }
    at.ends.push({ topic, source: keyword, words: list.length, chars: list.join(' ').length })
    return true
  }

  private wordId(word: string): number {
    let id = this.exact.get(word)
    if (id !== undefined) return id
    id = this.exact.size
    this.exact.set(word, id)
    this.known.clear()
    for (const stem of keywordStems(word)) {
      this.heads.add(stem.slice(0, MIN_STEM))
      const ids = this.stems.get(stem)
      if (ids === undefined) this.stems.set(stem, [id])
      else ids.push(id)
    }
    return id
  }

  /** Keyword words a text word is: ids, negative for a match through a stem (−id − 1). */
  private idsOf(word: string): readonly number[] {
    if (word.length < MIN_STEM) {
      const exact = this.exact.get(word)
      return exact === undefined ? NONE : [exact]
    }
    // One look-up for a word seen before: text repeats its words far more than keywords do.
    let found = this.known.get(word)
    if (found === undefined) {
      found = this.heads.has(word.slice(0, MIN_STEM)) ? this.stemmed(word) : this.exactly(word)
      if (this.known.size >= MAX_REMEMBERED_WORDS) this.known.clear()
      this.known.set(word, found)
    }
    return found
  }

  private exactly(word: string): readonly number[] {
    const exact = this.exact.get(word)
    return exact === undefined ? NONE : [exact]
  }

  /** The slower way, for words that could share a stem with a keyword word: remembered. */
  private stemmed(word: string): readonly number[] {
    const exact = this.exact.get(word)
    const found: number[] = exact === undefined ? [] : [exact]
    for (const stem of textStems(word)) {
      const ids = this.stems.get(stem)
      if (ids === undefined) continue
      for (const id of ids) if (id !== exact && !found.includes(-id - 1)) found.push(-id - 1)
    }
    return found
  }

  /** Adds every keyword occurring in the text (folded already or not) as whole words to `hits`. */
  find(text: string, field: number, hits: KeywordHit[], folded = false): void {
    const list = folded ? wordsOf(text) : foldedWords(text)
    const ids: (readonly number[])[] = new Array(list.length)
    let any = false
    for (let i = 0; i < list.length; i++) {
      ids[i] = this.idsOf(list[i]!)
      any ||= ids[i]!.length > 0
    }
    if (!any) return
    for (let start = 0; start < ids.length; start++)
      if (ids[start]!.length > 0) this.walk(ids, start, this.root, true, field, hits)
  }

  private walk(
    ids: (readonly number[])[],
    at: number,
    from: TrieNode,
    exact: boolean,
    field: number,
    hits: KeywordHit[],
  ) {
    const candidates = ids[at]
    if (candidates === undefined) return
    for (const signed of candidates) {
      const id = signed < 0 ? -signed - 1 : signed
      const next = from.next.get(id)
      if (next === undefined) continue
      const stillExact = exact && signed >= 0
      for (const entry of next.ends) hits.push({ entry, exact: stillExact, field })
      if (next.next.size > 0) this.walk(ids, at + 1, next, stillExact, field, hits)
    }
  }
}
