import type { JobFunction, Seniority } from '../../src/vocabulary.ts'
/**
 * Accuracy and confusion of a title classifier on public labelled data: the held-out part of
 * the training sources, and the snapADDY CVs (real, anonymised CV positions annotated by
 * people outside this project, never trained on). Used by scripts/eval-titles.ts.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  groupFraction,
  type LabelledRow,
  readJsonl,
  splitOf,
  TITLES_DATA_DIR,
  trainingRows,
} from './data.ts'
import {
  SNAPADDY_DEPARTMENT,
  SNAPADDY_FUNCTIONS,
  SNAPADDY_SENIORITY,
  SNAPADDY_SENIORITY_LENIENT,
} from './labels.ts'

export type Classifier = (title: string) => { function: JobFunction; seniority: Seniority }

export interface CvRow {
  title: string
  cv: string
  department: string
  seniority: string
  /** The half of the CVs looked at while developing (`dev`), or never (`test`). */
  half: 'dev' | 'test'
}

export function snapaddyCvs(dir = TITLES_DATA_DIR): CvRow[] | null {
  const path = join(dir, 'snapaddy-cvs.jsonl')
  if (!existsSync(path)) return null
  return readJsonl(path).map((row) => ({
    title: row.title,
    cv: row.group,
    department: row.department ?? '',
    seniority: row.seniority ?? '',
    half: groupFraction(`half:${row.group}`) < 0.5 ? 'dev' : 'test',
  }))
}

export interface Figure {
  n: number
  right: number
  accuracy: number
}

const figure = (right: number, n: number): Figure => ({
  n,
  right,
  accuracy: n === 0 ? Number.NaN : right / n,
})

export interface Confusion {
  labels: string[]
  /** counts[expected][predicted] */
  counts: Record<string, Record<string, number>>
}

function confusion(pairs: Array<[expected: string, predicted: string]>): Confusion {
  const labels = [...new Set(pairs.flat())].sort()
  const counts: Record<string, Record<string, number>> = {}
  for (const [expected, predicted] of pairs) {
    counts[expected] ??= {}
    counts[expected][predicted] = (counts[expected][predicted] ?? 0) + 1
  }
  return { labels, counts }
}

export interface CvEvaluation {
  /** Function on the six classes the snapADDY labels share with ours. */
  function: Figure
  /** Seniority with the lenient mapping (labels.ts), and the strict one. */
  seniorityLenient: Figure
  seniorityStrict: Figure
  functionConfusion: Confusion
  seniorityConfusion: Confusion
  misses: { title: string; expected: string; got: string }[]
}

export function evaluateCvs(rows: readonly CvRow[], classify: Classifier): CvEvaluation {
  let fnRight = 0
  let fnTotal = 0
  let lenient = 0
  let strict = 0
  const fnPairs: Array<[string, string]> = []
  const senPairs: Array<[string, string]> = []
  const misses: CvEvaluation['misses'] = []
  for (const row of rows) {
    const got = classify(row.title)
    const expectedFunction = SNAPADDY_DEPARTMENT[row.department] ?? null
    if (expectedFunction !== null && SNAPADDY_FUNCTIONS.includes(expectedFunction)) {
      fnTotal++
      fnPairs.push([expectedFunction, got.function])
      if (got.function === expectedFunction) fnRight++
      else misses.push({ title: row.title, expected: expectedFunction, got: got.function })
    }
    const allowed = SNAPADDY_SENIORITY_LENIENT[row.seniority] ?? []
    if (allowed.includes(got.seniority)) lenient++
    else misses.push({ title: row.title, expected: row.seniority, got: got.seniority })
    if (SNAPADDY_SENIORITY[row.seniority] === got.seniority) strict++
    senPairs.push([row.seniority, got.seniority])
  }
  return {
    function: figure(fnRight, fnTotal),
    seniorityLenient: figure(lenient, rows.length),
    seniorityStrict: figure(strict, rows.length),
    functionConfusion: confusion(fnPairs),
    seniorityConfusion: confusion(senPairs),
    misses,
  }
}

/** The held-out tenth of the training sources (by group: occupations, list entries). */
export function heldoutRows(rows: readonly LabelledRow[] = trainingRows()): LabelledRow[] {
  return rows.filter((row) => splitOf(row.group) === 'heldout')
}

export function evaluateHeldout(rows: readonly LabelledRow[], classify: Classifier) {
  const bySource: Record<string, { function: Figure; seniority: Figure }> = {}
  for (const source of new Set(rows.map((row) => row.source))) {
    const mine = rows.filter((row) => row.source === source)
    let fnRight = 0
    let fnTotal = 0
    let senRight = 0
    let senTotal = 0
    for (const row of mine) {
      const got = classify(row.title)
      if (row.function !== null) {
        fnTotal++
        if (got.function === row.function) fnRight++
      }
      if (row.seniority !== null) {
        senTotal++
        if (got.seniority === row.seniority) senRight++
      }
    }
    bySource[source] = { function: figure(fnRight, fnTotal), seniority: figure(senRight, senTotal) }
  }
  return bySource
}
