/**
 * Evaluates classifyTitle against the labelled set in fixtures/titles.csv.
 *
 *   npx tsx scripts/eval-titles.ts [path/to/titles.csv]
 *
 * Prints function and seniority accuracy per language and overall, then every
 * misclassified title. Exits 1 when overall function or seniority accuracy is
 * below 0.95. The test suite imports the parser and evaluator from here so the
 * numbers it checks are the ones this script prints.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  classifyTitle,
  JOB_FUNCTIONS,
  type JobFunction,
  SENIORITIES,
  type Seniority,
  type TitleClassification,
} from '../src/committee/titles.ts'

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

function main(): void {
  const evaluation = evaluate(loadLabelledTitles(process.argv[2] ?? DEFAULT_CSV_PATH))
  for (const language of LANGUAGES) {
    console.log(formatAccuracy(language, evaluation.byLanguage[language]))
  }
  console.log(formatAccuracy('overall', evaluation.overall))
  console.log(`\nmisclassified: ${evaluation.misses.length}`)
  for (const miss of evaluation.misses) console.log(formatMiss(miss))
  const { functionAccuracy, seniorityAccuracy } = evaluation.overall
  if (functionAccuracy < REQUIRED_ACCURACY || seniorityAccuracy < REQUIRED_ACCURACY) {
    console.error(`\nbelow the required ${percent(REQUIRED_ACCURACY)} overall accuracy`)
    process.exitCode = 1
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) main()
