/**
 * Features of a folded job title for the learned title classifier, shared by the trainer
 * (scripts/titles/train.ts) and the classifier (title-model.ts) so that both see exactly the
 * same numbers.
 *
 * A title becomes hashed feature ids in [0, 2^bits): each word, each pair of adjacent words,
 * the first and last word (the head noun of "Sales Manager" is last, of "Leiter Vertrieb"
 * first), and the character 3-, 4- and 5-grams of each word with its edges marked, which is
 * what carries German and Dutch compounds ("Einkaufsleiter"), inflection ("кадров",
 * "kadrowa") and spelling variants the words themselves miss. No regular expression and no
 * substring is built per feature: hashes run over ranges of the folded text.
 */

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

// Distinct seeds keep a word, a bigram and an n-gram with the same letters apart.
const SEED = { word: 1, bigram: 2, first: 3, last: 4, gram: 5 } as const
const EDGE = 0x5e // '^': a word's start and end in its n-grams
const MIN_GRAM = 3
const MAX_GRAM = 5
/** Words past this many are ignored: real titles are short, and this bounds the work. */
export const MAX_TITLE_WORDS = 24

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0
}

function hashRange(seed: number, text: string, start: number, end: number): number {
  let hash = mix(FNV_OFFSET, seed)
  for (let i = start; i < end; i++) hash = mix(hash, text.charCodeAt(i))
  return hash
}

/** Code unit k of the word text[start, end) marked with edges: EDGE + word + EDGE. */
const markedCode = (text: string, start: number, end: number, k: number): number =>
  k === 0 || k === end - start + 1 ? EDGE : text.charCodeAt(start + k - 1)

/**
 * Calls `emit` with each feature id of a folded title (see committee/fold.ts: words of
 * letters and digits separated by single spaces), with a whole word's full 32-bit hash (-1
 * for the other features), which the model's vocabulary is kept as. Ids may
 * repeat; callers count them.
 */
export function forEachTitleFeature(
  folded: string,
  bits: number,
  emit: (feature: number, wordHash: number) => void,
): void {
  const mask = (1 << bits) - 1
  let words = 0
  let start = 0
  let previousStart = -1
  let previousEnd = -1
  const length = folded.length
  while (start < length && words < MAX_TITLE_WORDS) {
    let end = folded.indexOf(' ', start)
    if (end === -1) end = length
    if (end > start) {
      const wordHash = hashRange(SEED.word, folded, start, end)
      emit(wordHash & mask, wordHash)
      if (words === 0) emit(hashRange(SEED.first, folded, start, end) & mask, -1)
      if (previousStart >= 0) {
        // Folded words are one space apart: the pair is the text from one start to the next end.
        emit(hashRange(SEED.bigram, folded, previousStart, end) & mask, -1)
      }
      // Each n-gram's hash extends the (n-1)-gram's from the same offset: one pass per offset
      // gives the 3-, 4- and 5-grams starting there.
      const virtualLength = end - start + 2
      for (let from = 0; from + MIN_GRAM <= virtualLength; from++) {
        let hash = mix(FNV_OFFSET, SEED.gram)
        for (let n = 1; n <= MAX_GRAM && from + n <= virtualLength; n++) {
          hash = mix(hash, markedCode(folded, start, end, from + n - 1))
          if (n >= MIN_GRAM) emit(hash & mask, -1)
        }
      }
      previousStart = start
      previousEnd = end
      words++
    }
    start = end + 1
  }
  if (previousEnd > 0) emit(hashRange(SEED.last, folded, previousStart, previousEnd) & mask, -1)
}

/** The feature ids of a folded title, as an array (the trainer keeps them). */
export function titleFeatures(folded: string, bits: number): number[] {
  const features: number[] = []
  forEachTitleFeature(folded, bits, (feature) => features.push(feature))
  return features
}
