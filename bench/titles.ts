/**
 * Job-title classification speed and the model's memory, on one core:
 *
 *   npm run bench:titles
 *
 * - first sight: distinct titles through rules + model (no cache), titles per second, beside
 *   the keyword rules alone in the same run (the ratio is the model's cost);
 * - after the first sight: the same titles again through classifyTitle (its cache);
 * - memory: heap and array buffers before and after loading models/titles.json.
 * Titles are the public ones in data/real/titles when converted, else the fixtures.
 */
import { existsSync, readFileSync } from 'node:fs'
import { foldText } from '../src/committee/fold.ts'
import { DEFAULT_TITLE_MODEL_PATH, loadTitleModel } from '../src/committee/title-model.ts'
import { classifierWith, classifyTitle } from '../src/committee/titles.ts'
import { loadLabelledTitles } from '../scripts/eval-titles.ts'
import { TITLES_DATA_DIR } from '../scripts/titles/data.ts'

function titles(): string[] {
  const path = `${TITLES_DATA_DIR}/snapaddy-lists.jsonl`
  const onet = `${TITLES_DATA_DIR}/onet.jsonl`
  const out = new Set<string>()
  for (const file of [path, onet])
    if (existsSync(file))
      for (const line of readFileSync(file, 'utf8').split('\n'))
        if (line !== '') out.add((JSON.parse(line) as { title: string }).title)
  if (out.size === 0) for (const row of loadLabelledTitles()) out.add(row.title)
  return [...out].slice(0, 50_000)
}

function rate(label: string, items: readonly string[], run: (title: string) => unknown): number {
  const started = process.hrtime.bigint()
  for (const item of items) run(item)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const perSecond = items.length / seconds
  console.log(
    `${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en').padStart(10)} titles/s  ${((seconds / items.length) * 1e6).toFixed(2)} µs each`,
  )
  return perSecond
}

const gc = (globalThis as { gc?: () => void }).gc
const memory = () => {
  gc?.()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

const before = memory()
const model = loadTitleModel(JSON.parse(readFileSync(DEFAULT_TITLE_MODEL_PATH, 'utf8')))
const after = memory()
console.log(
  `model in memory: ${((after - before) / 2 ** 20).toFixed(1)} MiB (${gc ? 'after gc' : 'run with --expose-gc for an exact figure'})`,
)

const items = titles()
console.log(`${items.length.toLocaleString('en')} distinct titles, one core`)
const rulesOnly = classifierWith(null)
const both = classifierWith(model)
// Warm the JIT on a slice first, so the first-sight figures compare steady states.
for (const item of items.slice(0, 2000)) {
  rulesOnly(item)
  both(item)
  model.predict(foldText(item))
}
const rulesRate = rate('keyword rules alone, first sight', items, rulesOnly)
const modelRate = rate('model alone (fold + predict), first sight', items, (t) =>
  model.predict(foldText(t)),
)
const bothRate = rate('rules + model, first sight', items, both)
// The cache holds the last titles seen (20,000 at most): fill it, then read the same again.
const recent = items.slice(-10_000)
for (const item of recent) classifyTitle(item)
const cachedRate = rate('classifyTitle after the first sight (cache)', recent, classifyTitle)
console.log(
  `ratios in this run: model alone / rules ${(modelRate / rulesRate).toFixed(2)}, rules + model / rules ${(bothRate / rulesRate).toFixed(2)}, cached / first sight ${(cachedRate / bothRate).toFixed(1)}`,
)
