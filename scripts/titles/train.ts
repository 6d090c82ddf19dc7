import { JOB_FUNCTIONS, SENIORITIES } from '../../src/vocabulary.ts'
/**
 * Trains the title model shipped in models/titles.json from the public sources in
 * data/real/titles (convert them first: scripts/real-data/titles/, docs/titles-sources.md).
 * This project's fixtures/titles.csv is not trained on: it stays a second check.
 *
 *   npm run train:titles                       # writes models/titles.json, prints held-out figures
 *   npx tsx scripts/titles/train.ts --out /tmp/t.json --bits 17
 *
 * Deterministic: the same data and options give the same file. The snapADDY CVs are never
 * read here (they are the evaluation set of `npm run eval:titles`).
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import {
  DEFAULT_TITLE_MODEL_PATH,
  TITLE_MODEL_FORMAT,
  type TitleModelFile,
} from '../../src/committee/title-model.ts'
import { forEachTitleFeature, titleFeatures } from '../../src/committee/title-features.ts'
import { type LabelledRow, splitOf, trainingRows } from './data.ts'
import {
  type Example,
  fitTemperature,
  quantise,
  type SoftmaxWeights,
  trainSoftmax,
} from './softmax.ts'
import { transliterate } from './translit.ts'

/** Each source's share of the total training weight: no one source drowns the others. */
const SOURCE_SHARE: Readonly<Record<string, number>> = JSON.parse(
  process.env.TITLE_SHARES ?? '{"esco":0.25,"onet":0.15,"okz":0.1,"snapaddy-lists":0.6}',
)

const OPTIONS = { epochs: 6, learningRate: 0.3, l2: 1e-4, seed: 20261202 }

function examplesOf(
  rows: readonly LabelledRow[],
  labelOf: (row: LabelledRow) => string | null,
  labels: readonly string[],
  bits: number,
): Example[] {
  const counts = new Map<string, number>()
  for (const row of rows)
    if (labelOf(row) !== null) counts.set(row.source, (counts.get(row.source) ?? 0) + 1)
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const shares = [...counts.keys()].reduce((sum, source) => sum + (SOURCE_SHARE[source] ?? 0.05), 0)
  const examples: Example[] = []
  for (const row of rows) {
    const label = labelOf(row)
    if (label === null) continue
    const share = (SOURCE_SHARE[row.source] ?? 0.05) / shares
    examples.push({
      features: Uint32Array.from(titleFeatures(row.folded, bits)),
      label: labels.indexOf(label),
      weight: (share * total) / counts.get(row.source)!,
    })
  }
  return balanced(examples, labels.length)
}

/**
 * Every label gets the same total weight, square-rooted toward the data's own mix: the
 * sources are mostly trades and crafts (`other`), the people a B2B seller meets are not.
 */
function balanced(examples: Example[], k: number): Example[] {
  const totals = new Float64Array(k)
  for (const example of examples) totals[example.label]! += example.weight
  const all = totals.reduce((a, b) => a + b, 0)
  const present = totals.filter((total) => total > 0).length
  return examples.map((example) => ({
    ...example,
    weight: example.weight * Math.sqrt(all / present / totals[example.label]!),
  }))
}

/** Transliterated copies of Cyrillic titles: "menedzher po prodazham" is the same person. */
function withTransliterations(rows: readonly LabelledRow[]): LabelledRow[] {
  const out = [...rows]
  for (const row of rows) {
    const latin = transliterate(row.folded)
    if (latin !== row.folded) out.push({ ...row, folded: latin })
  }
  return out
}

function accuracy(model: SoftmaxWeights, examples: readonly Example[]): number {
  const k = model.bias.length
  const scores = new Float64Array(k)
  let right = 0
  let weight = 0
  for (const example of examples) {
    scores.set(model.bias)
    for (const feature of example.features)
      for (let j = 0; j < k; j++) scores[j]! += model.weights[feature * k + j]!
    let top = 0
    for (let j = 1; j < k; j++) if (scores[j]! > scores[top]!) top = j
    if (top === example.label) right += 1
    weight += 1
  }
  return weight === 0 ? Number.NaN : right / weight
}

export function trainTitleModel(bits: number) {
  const rows = withTransliterations(trainingRows())
  const bySplit = (split: string) => rows.filter((row) => splitOf(row.group) === split)
  const [train, calibration, heldout] = ['train', 'calibration', 'heldout'].map(bySplit) as [
    LabelledRow[],
    LabelledRow[],
    LabelledRow[],
  ]
  const heads = {
    function: { labels: JOB_FUNCTIONS, of: (row: LabelledRow) => row.function },
    seniority: { labels: SENIORITIES, of: (row: LabelledRow) => row.seniority },
  }
  const out: Record<string, unknown> = {}
  const figures: Record<string, unknown> = {}
  for (const [name, head] of Object.entries(heads)) {
    const trainExamples = examplesOf(train, head.of, head.labels, bits)
    const weights = trainSoftmax(trainExamples, { ...OPTIONS, labels: head.labels.length, bits })
    const temperature = fitTemperature(weights, examplesOf(calibration, head.of, head.labels, bits))
    const perSource: Record<string, { rows: number; accuracy: number }> = {}
    for (const source of new Set(heldout.map((row) => row.source))) {
      const examples = examplesOf(
        heldout.filter((row) => row.source === source),
        head.of,
        head.labels,
        bits,
      )
      if (examples.length > 0)
        perSource[source] = { rows: examples.length, accuracy: round(accuracy(weights, examples)) }
    }
    const packed = quantise(weights, head.labels.length)
    out[name] = {
      labels: [...head.labels],
      bias: [...weights.bias].map((value) => round(value, 6)),
      temperature,
      scale: packed.scale,
      features: packed.features,
      weights: packed.weights,
    }
    figures[name] = {
      trainingExamples: trainExamples.length,
      kept: packed.kept,
      temperature,
      heldout: perSource,
    }
  }
  const counts: Record<string, number> = {}
  for (const row of rows) counts[row.source] = (counts[row.source] ?? 0) + 1
  const words = new Set<number>()
  for (const row of train)
    forEachTitleFeature(row.folded, bits, (_, wordHash) => {
      if (wordHash !== -1) words.add(wordHash)
    })
  const vocabulary = Buffer.alloc(words.size * 4)
  for (const [index, hash] of [...words].sort((a, b) => a - b).entries())
    vocabulary.writeUInt32LE(hash, index * 4)
  const file: TitleModelFile = {
    format: TITLE_MODEL_FORMAT,
    bits,
    heads: out as TitleModelFile['heads'],
    vocabulary: vocabulary.toString('base64'),
    provenance: {
      trainer: 'scripts/titles/train.ts',
      options: OPTIONS,
      sourceShare: SOURCE_SHARE,
      rowsBySource: counts,
      split: '80 % train, 10 % calibration, 10 % held out, by group (scripts/titles/data.ts)',
      figures,
    },
  }
  return file
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, bits: { type: 'string' } },
  })
  const bits = Number(values.bits ?? 17)
  const started = Date.now()
  const file = trainTitleModel(bits)
  const path = values.out ?? DEFAULT_TITLE_MODEL_PATH
  writeFileSync(path, `${JSON.stringify(file)}\n`)
  console.log(JSON.stringify(file.provenance, null, 2))
  console.log(`wrote ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
