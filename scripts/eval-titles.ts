import { JOB_FUNCTIONS, type JobFunction, SENIORITIES, type Seniority } from '../src/vocabulary.ts'
/**
 * Evaluates classifyTitle against the labelled set in fixtures/titles.csv, then (without a
 * path argument, when data/real/titles has been converted) on public data nobody here
 * labelled: the held-out part of the training sources and the snapADDY CVs, beside the
 * keyword rules alone as the baseline. See docs/titles.md.
 *
 *   npx tsx scripts/eval-titles.ts [path/to/titles.csv]
 *
 * Prints function and seniority accuracy per language and overall, then every
 * misclassified title. Exits 1 when overall function or seniority accuracy on the fixtures is
 * below 0.95. The test suite imports the parser and evaluator from here so the
 * numbers it checks are the ones this script prints.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { foldText } from '../src/committee/fold.ts'
import { shippedTitleModel } from '../src/committee/title-model.ts'
import { classifierWith, classifyTitle, type TitleClassification } from '../src/committee/titles.ts'
import { trainingRows } from './titles/data.ts'
import {
  type Classifier,
  type Confusion,
  type CvRow,
  evaluateCvs,
  evaluateHeldout,
  heldoutRows,
  snapaddyCvs,
} from './titles/evaluate.ts'

export const LANGUAGES = ['en', 'pl', 'ru', 'de'] as const
export type Language = (typeof LANGUAGES)[number]

export interface LabelledTitle {
  title: string
  language: Language
  function: JobFunction
  seniority: Seniority
}

export interface Accuracy {
  total: number
  functionCorrect: number
  seniorityCorrect: number
  functionAccuracy: number
  seniorityAccuracy: number
}

export interface Miss {
  expected: LabelledTitle
  actual: TitleClassification
}

export interface Evaluation {
  overall: Accuracy
  byLanguage: Record<Language, Accuracy>
  misses: Miss[]
}

export const REQUIRED_ACCURACY = 0.95
export const DEFAULT_CSV_PATH = fileURLToPath(new URL('../fixtures/titles.csv', import.meta.url))

/**
 * RFC 4180 CSV: fields separated by commas, optionally wrapped in double quotes;
 * inside quotes, commas and line breaks are literal and "" is one quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') {
        quoted = false
      } else {
        field += ch
      }
    } else if (ch === '"') {
      quoted = true
    } else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else {
      field += ch
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((cells) => cells.some((cell) => cell !== ''))
}

const isOneOf = <T extends string>(allowed: readonly T[], value: string): value is T =>
  (allowed as readonly string[]).includes(value)

export function parseLabelledTitles(csv: string): LabelledTitle[] {
  const [header, ...rows] = parseCsv(csv)
  if (header?.join(',') !== 'title,language,function,seniority') {
    throw new Error(`unexpected CSV header: ${header?.join(',')}`)
  }
  return rows.map((cells, index) => {
    const [title = '', language = '', fn = '', seniority = ''] = cells
    const line = index + 2
    if (cells.length !== 4) throw new Error(`line ${line}: expected 4 fields, got ${cells.length}`)
    if (!isOneOf(LANGUAGES, language)) throw new Error(`line ${line}: bad language '${language}'`)
    if (!isOneOf(JOB_FUNCTIONS, fn)) throw new Error(`line ${line}: bad function '${fn}'`)
    if (!isOneOf(SENIORITIES, seniority)) {
      throw new Error(`line ${line}: bad seniority '${seniority}'`)
    }
    return { title, language, function: fn, seniority }
  })
}

export function loadLabelledTitles(path: string = DEFAULT_CSV_PATH): LabelledTitle[] {
  return parseLabelledTitles(readFileSync(path, 'utf8'))
}

const ratio = (correct: number, total: number): number => (total === 0 ? 0 : correct / total)

function accuracyOf(results: readonly { expected: LabelledTitle; actual: TitleClassification }[]) {
  const functionCorrect = results.filter((r) => r.actual.function === r.expected.function).length
  const seniorityCorrect = results.filter((r) => r.actual.seniority === r.expected.seniority).length
  return {
    total: results.length,
    functionCorrect,
    seniorityCorrect,
    functionAccuracy: ratio(functionCorrect, results.length),
    seniorityAccuracy: ratio(seniorityCorrect, results.length),
  }
}

export function evaluate(labelled: readonly LabelledTitle[]): Evaluation {
  const results = labelled.map((expected) => ({ expected, actual: classifyTitle(expected.title) }))
  const byLanguage = Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      accuracyOf(results.filter((r) => r.expected.language === language)),
    ]),
  ) as Record<Language, Accuracy>
  const misses = results.filter(
    (r) => r.actual.function !== r.expected.function || r.actual.seniority !== r.expected.seniority,
  )
  return { overall: accuracyOf(results), byLanguage, misses }
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`

function formatAccuracy(label: string, accuracy: Accuracy): string {
  const { total, functionCorrect, seniorityCorrect } = accuracy
  return `${label.padEnd(8)} n=${String(total).padStart(4)}  function ${percent(accuracy.functionAccuracy).padStart(6)} (${functionCorrect}/${total})  seniority ${percent(accuracy.seniorityAccuracy).padStart(6)} (${seniorityCorrect}/${total})`
}

function formatMiss({ expected, actual }: Miss): string {
  const want = `${expected.function}/${expected.seniority}`
  const got = `${actual.function}/${actual.seniority}`
  return `  [${expected.language}] ${expected.title} — expected ${want}, got ${got} (${actual.rule})`
}

const fixed = (value: number) => (Number.isNaN(value) ? '  –  ' : percent(value).padStart(6))

function printConfusion(title: string, confusion: Confusion): void {
  const predicted = [...new Set(Object.values(confusion.counts).flatMap(Object.keys))].sort()
  console.log(`\n${title} (rows: expected, columns: predicted)`)
  console.log(
    `${''.padEnd(24)}${predicted.map((label) => label.slice(0, 11).padStart(12)).join('')}`,
  )
  for (const expected of Object.keys(confusion.counts).sort()) {
    const row = confusion.counts[expected] ?? {}
    console.log(
      `${expected.padEnd(24)}${predicted.map((label) => String(row[label] ?? 0).padStart(12)).join('')}`,
    )
  }
}

/**
 * Public data nobody on this project labelled: the held-out tenth of the training sources,
 * and the snapADDY CVs (never trained on), each for the keyword rules alone (the baseline),
 * the model alone and both together.
 */
function realData(): void {
  const cvs = snapaddyCvs()
  if (cvs === null) {
    console.log(
      '\nreal data: data/real/titles is missing — see docs/titles-sources.md to convert it',
    )
    return
  }
  const model = shippedTitleModel()
  const modelAlone: Classifier | null =
    model &&
    ((title) => {
      const predicted = model.predict(foldText(title))
      return {
        function: predicted.function.label as JobFunction,
        seniority: predicted.seniority.label as Seniority,
      }
    })
  const classifiers: [string, Classifier][] = [
    ['keyword rules (baseline)', classifierWith(null)],
    ...(modelAlone ? ([['model alone', modelAlone]] as [string, Classifier][]) : []),
    ['rules + model (shipped)', classifyTitle],
  ]
  console.log(
    '\nheld-out tenth of the training sources (by occupation / list entry), function | seniority',
  )
  const training = trainingRows()
  const heldout = heldoutRows(training)
  for (const [name, classify] of classifiers) {
    const bySource = evaluateHeldout(heldout, classify)
    const cells = Object.entries(bySource).map(
      ([source, figures]) =>
        `${source} n=${figures.function.n} ${fixed(figures.function.accuracy)} | ${fixed(figures.seniority.accuracy)}`,
    )
    console.log(`  ${name.padEnd(26)} ${cells.join('   ')}`)
  }
  const seen = new Set(training.map((row) => row.folded))
  const subsets: [string, CvRow[]][] = [
    ['dev half (looked at while developing)', cvs.filter((row) => row.half === 'dev')],
    ['test half (never looked at)', cvs.filter((row) => row.half === 'test')],
    ['all 2,638', cvs],
    ['titles in no training source', cvs.filter((row) => !seen.has(foldText(row.title)))],
  ]
  console.log(
    '\nsnapADDY CVs (real, anonymised CV positions; evaluation only): function on the six shared classes | seniority lenient | strict',
  )
  for (const [label, rows] of subsets) {
    console.log(`  ${label}: ${rows.length} positions`)
    for (const [name, classify] of classifiers) {
      const e = evaluateCvs(rows, classify)
      console.log(
        `    ${name.padEnd(26)} function ${fixed(e.function.accuracy)} (n=${e.function.n})  seniority ${fixed(e.seniorityLenient.accuracy)} | ${fixed(e.seniorityStrict.accuracy)}`,
      )
    }
  }
  const test = evaluateCvs(
    cvs.filter((row) => row.half === 'test'),
    classifyTitle,
  )
  printConfusion('function, test half, rules + model', test.functionConfusion)
  printConfusion(
    'seniority, test half, rules + model (snapADDY label → ours)',
    test.seniorityConfusion,
  )
}

function main(): void {
  const evaluation = evaluate(loadLabelledTitles(process.argv[2] ?? DEFAULT_CSV_PATH))
  for (const language of LANGUAGES) {
    console.log(formatAccuracy(language, evaluation.byLanguage[language]))
  }
  console.log(formatAccuracy('overall', evaluation.overall))
  console.log(`\nmisclassified: ${evaluation.misses.length}`)
  for (const miss of evaluation.misses) console.log(formatMiss(miss))
  if (process.argv[2] === undefined) realData()
  const { functionAccuracy, seniorityAccuracy } = evaluation.overall
  if (functionAccuracy < REQUIRED_ACCURACY || seniorityAccuracy < REQUIRED_ACCURACY) {
    console.error(`\nbelow the required ${percent(REQUIRED_ACCURACY)} overall accuracy`)
    process.exitCode = 1
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) main()
