/**
 * The learned job-title classifier: multinomial logistic regression over hashed word and
 * character n-gram features (title-features.ts), one head for the function and one for the
 * seniority, trained at build time on public labelled occupation data by
 * scripts/titles/train.ts and shipped as models/titles.json. See docs/titles.md.
 *
 * Pure after loading: the same folded title always gives the same answer. The quantised weights
 * of both heads live side by side in one Int8Array (2^bits rows of function labels then
 * seniority labels, 17 bytes a row), so each feature of a title touches one cache line of a
 * 2 MiB table, and a prediction is a few hundred integer additions scaled once at the end.
 */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { shippedModelPath } from '../package-root.ts'
import { forEachTitleFeature } from './title-features.ts'

export const TITLE_MODEL_FORMAT = 'intent-title-model/1'

const headSchema = z.object({
  labels: z.array(z.string()).min(2),
  bias: z.array(z.number()),
  /** Calibration: logits are divided by it before the softmax (fitted on held-out data). */
  temperature: z.number().positive(),
  /** Quantised weights: value = int8 × scale. */
  scale: z.number().positive(),
  /** Base64 little-endian Uint32 feature ids, ascending. */
  features: z.string(),
  /** Base64 Int8, labels.length per feature id, in the same order. */
  weights: z.string(),
})

export const titleModelSchema = z.object({
  format: z.literal(TITLE_MODEL_FORMAT),
  bits: z.number().int().min(8).max(22),
  heads: z.object({ function: headSchema, seniority: headSchema }),
  /** Base64 little-endian Uint32: the full hashes of the words seen in training. */
  vocabulary: z.string(),
  /** What it was trained on and how it measured; informational. */
  provenance: z.record(z.string(), z.unknown()),
})

export type TitleModelFile = z.infer<typeof titleModelSchema>

interface Head {
  labels: readonly string[]
  bias: Float64Array
  temperature: number
  /** The dequantisation factor: weight = int8 × scale. */
  scale: number
}

export interface HeadPrediction {
  label: string
  /** Calibrated probability of the label. */
  probability: number
}

export interface TitleModel {
  readonly bits: number
  readonly functionLabels: readonly string[]
  readonly seniorityLabels: readonly string[]
  predict(folded: string): {
    function: HeadPrediction
    seniority: HeadPrediction
    /**
     * Words of the title the model learned anything about. Zero for gibberish: the
     * character n-grams alone then make a guess that means nothing.
     */
    knownWords: number
  }
}

type HeadFile = z.infer<typeof headSchema>

function headOf(head: HeadFile): Head {
  if (head.bias.length !== head.labels.length)
    throw new Error('title model: the biases do not match the labels')
  return {
    labels: head.labels,
    bias: Float64Array.from(head.bias),
    temperature: head.temperature,
    scale: head.scale,
  }
}

/** Copies a head's sparse int8 rows into its columns [column, column + labels) of the table. */
function fillColumns(
  table: Int8Array,
  width: number,
  column: number,
  head: HeadFile,
  bits: number,
): void {
  const k = head.labels.length
  const ids = Buffer.from(head.features, 'base64')
  const values = Buffer.from(head.weights, 'base64')
  if (ids.length % 4 !== 0 || values.length !== (ids.length / 4) * k)
    throw new Error('title model: weights do not match the feature ids and labels')
  for (let i = 0; i < ids.length / 4; i++) {
    const id = ids.readUInt32LE(i * 4)
    if (id >= 1 << bits) throw new Error('title model: a feature id is out of range')
    for (let j = 0; j < k; j++) table[id * width + column + j] = values.readInt8(i * k + j)
  }
}

export function loadTitleModel(file: unknown): TitleModel {
  const parsed = titleModelSchema.parse(file)
  const { bits } = parsed
  const fn = headOf(parsed.heads.function)
  const seniority = headOf(parsed.heads.seniority)
  const kf = fn.labels.length
  const width = kf + seniority.labels.length
  const table = new Int8Array((1 << bits) * width)
  fillColumns(table, width, 0, parsed.heads.function, bits)
  fillColumns(table, width, kf, parsed.heads.seniority, bits)
  const vocabularyBytes = Buffer.from(parsed.vocabulary, 'base64')
  const vocabulary = new Set<number>()
  for (let i = 0; i + 4 <= vocabularyBytes.length; i += 4)
    vocabulary.add(vocabularyBytes.readUInt32LE(i))
  // Scratch buffers: one prediction at a time (JavaScript is single-threaded per isolate).
  const sums = new Int32Array(width)
  const fnScores = new Float64Array(kf)
  const senScores = new Float64Array(seniority.labels.length)
  let knownWords = 0
  const add = (feature: number, wordHash: number) => {
    const offset = feature * width
    for (let j = 0; j < width; j++) sums[j]! += table[offset + j]!
    if (wordHash !== -1 && vocabulary.has(wordHash)) knownWords++
  }
  return {
    bits,
    functionLabels: fn.labels,
    seniorityLabels: seniority.labels,
    predict(folded) {
      sums.fill(0)
      knownWords = 0
      forEachTitleFeature(folded, bits, add)
      for (let j = 0; j < kf; j++) fnScores[j] = fn.bias[j]! + sums[j]! * fn.scale
      for (let j = 0; j < senScores.length; j++)
        senScores[j] = seniority.bias[j]! + sums[kf + j]! * seniority.scale
      return { function: best(fn, fnScores), seniority: best(seniority, senScores), knownWords }
    },
  }
}

/** The arg-max label and its softmax probability at the head's temperature. */
function best(head: Head, scores: Float64Array): HeadPrediction {
  let top = 0
  for (let j = 1; j < scores.length; j++) if (scores[j]! > scores[top]!) top = j
  const max = scores[top]!
  let sum = 0
  for (let j = 0; j < scores.length; j++) sum += Math.exp((scores[j]! - max) / head.temperature)
  return { label: head.labels[top]!, probability: 1 / sum }
}

export const DEFAULT_TITLE_MODEL_PATH = shippedModelPath('titles.json')

// Module-level on purpose: the file shipped with the code, read once and never changed after;
// it depends on no store, configuration or context.
let shipped: TitleModel | null | undefined

/**
 * Reads the shipped model without blocking the event loop on the file (10 MB): a service calls
 * it at start, so that no request's first classification waits for the read. Parsing still
 * takes the loop for a moment, once, before the service says it is ready.
 */
export async function preloadShippedTitleModel(): Promise<void> {
  if (shipped !== undefined) return
  let text: string
  try {
    text = await readFile(DEFAULT_TITLE_MODEL_PATH, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    shipped ??= null
    return
  }
  shipped ??= loadTitleModel(JSON.parse(text))
}

/**
 * The model shipped in models/titles.json, read once. Null when the file is missing (a
 * checkout before the first training): the rules then answer alone.
 */
export function shippedTitleModel(): TitleModel | null {
  if (shipped === undefined) {
    try {
      shipped = loadTitleModel(JSON.parse(readFileSync(DEFAULT_TITLE_MODEL_PATH, 'utf8')))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      shipped = null
    }
  }
  return shipped
}
