import type { JobFunction, Seniority } from '../../src/vocabulary.ts'
/**
 * The labelled titles the title model learns from and is measured on, read from the public
 * sources converted into data/real/titles/ (scripts/real-data/titles/, docs/titles-sources.md),
 * each mapped to our labels (labels.ts).
 *
 * The snapADDY CVs are evaluation only: `trainingRows` never returns them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { foldText } from '../../src/committee/fold.ts'
import type { TitleRow } from '../real-data/titles/lib.ts'
import {
  iscoFunction,
  iscoSeniority,
  SNAPADDY_DEPARTMENT,
  SNAPADDY_SENIORITY,
  socFunction,
} from './labels.ts'

export const TITLES_DATA_DIR = fileURLToPath(new URL('../../data/real/titles', import.meta.url))

/** Sources that are never trained on. */
export const EVALUATION_ONLY = new Set(['snapaddy-cvs'])

/** A converted source row: the converters' shape (scripts/real-data/titles/lib.ts). */
export type SourceRow = TitleRow

export interface LabelledRow {
  title: string
  folded: string
  lang: string | null
  source: string
  group: string
  function: JobFunction | null
  seniority: Seniority | null
}

export function readJsonl(path: string): SourceRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SourceRow)
}

/** The English preferred name of each occupation, for groups that mix functions. */
function occupationNames(rows: SourceRow[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const row of rows)
    if (row.preferred === true && (row.lang === 'en' || !names.has(row.group)))
      names.set(row.group, row.title)
  return names
}

export function labelRow(row: SourceRow, names: Map<string, string>): LabelledRow {
  let fn: JobFunction | null = null
  let seniority: Seniority | null = null
  if (row.isco !== undefined) {
    fn = iscoFunction(row.isco, names.get(row.group) ?? row.title)
    seniority = iscoSeniority(row.isco)
  } else if (row.soc !== undefined) {
    fn = socFunction(row.soc)
    seniority = row.soc.startsWith('11-1011')
      ? 'c_level'
      : row.soc.startsWith('11-')
        ? null
        : 'individual'
  } else {
    if (row.department !== undefined) fn = SNAPADDY_DEPARTMENT[row.department] ?? null
    if (row.seniority !== undefined) seniority = SNAPADDY_SENIORITY[row.seniority] ?? null
  }
  return {
    title: row.title,
    folded: foldText(row.title),
    lang: row.lang,
    source: row.source,
    group: `${row.source}:${row.group}`,
    function: fn,
    seniority,
  }
}

/** Every source file in data/real/titles, by source name. */
export function sourceFiles(dir = TITLES_DATA_DIR): Map<string, string> {
  const files = new Map<string, string>()
  if (!existsSync(dir)) return files
  for (const name of readdirSync(dir))
    if (name.endsWith('.jsonl')) files.set(name.replace(/\.jsonl$/, ''), join(dir, name))
  return files
}

/**
 * The public sources' rows. This project's fixtures/titles.csv is not among them: it stays a
 * second check that the rules and model keep (see scripts/eval-titles.ts).
 */
export function trainingRows(dir = TITLES_DATA_DIR): LabelledRow[] {
  const out: LabelledRow[] = []
  for (const [source, path] of sourceFiles(dir)) {
    if (EVALUATION_ONLY.has(source)) continue
    const rows = readJsonl(path)
    const names = occupationNames(rows)
    for (const row of rows) out.push(labelRow(row, names))
  }
  return out.filter((row) => row.folded !== '')
}

/** FNV-1a of a group id in [0, 1): the same split on every run and machine. */
export function groupFraction(group: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < group.length; i++) hash = Math.imul(hash ^ group.charCodeAt(i), 0x01000193)
  return (hash >>> 0) / 4294967296
}

export type Split = 'train' | 'calibration' | 'heldout'

/** 80 % train, 10 % calibration (the temperature), 10 % held out, by group. */
export function splitOf(group: string): Split {
  const fraction = groupFraction(group)
  return fraction < 0.8 ? 'train' : fraction < 0.9 ? 'calibration' : 'heldout'
}
