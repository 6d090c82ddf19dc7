/**
 * snapADDY job-title benchmark (data given by snapADDY GmbH to a university capstone project,
 * published in luisadosch/nlp-job-title-classification-benchmark-snapaddy; no licence file)
 * → two JSONL files of labelled job titles:
 *
 * - `snapaddy-lists.jsonl`: the two label lists `data/raw/department-v2.csv` (11 departments)
 *   and `data/raw/seniority-v2.csv` (Junior/Senior/Lead/Director/Management), merged by exact
 *   text: a title in both lists is one row with both `department` and `seniority`. `lang` is
 *   null (the lists mix English, German, French, ... without saying which). `group` is the
 *   lower-cased title, so case variants share a split.
 * - `snapaddy-cvs.jsonl`: `data/raw/linkedin-cvs-annotated.json`, one row per position, with
 *   `group` = `cv:NNNN` (the CV's index in the file) so splits can be by CV, plus the raw
 *   `department`, `seniority` (incl. "Professional", absent from the lists), `organization`
 *   and `status` (ACTIVE/INACTIVE/UNKNOWN). LinkedIn URLs and dates are left out.
 *   EVALUATION ONLY: never train or tune on it.
 *
 *   npx tsx scripts/real-data/titles/snapaddy.ts [--out data/real/titles] [--repo GITDIR [--rev REV] | --in DIR]
 *
 * `--in DIR` reads the same relative paths (data/raw/...) from a plain folder.
 */
import {
  clean,
  cli,
  countBy,
  parseTable,
  readText,
  resolveCommit,
  type SourceMeta,
  sha256,
  type TitleRow,
  titleKey,
  writeOutput,
} from './lib.ts'

export const DEFAULT_REPO =
  '/work/.mirror/luisadosch+nlp-job-title-classification-benchmark-snapaddy/repo'
export const REPO_URL =
  'https://github.com/luisadosch/nlp-job-title-classification-benchmark-snapaddy'
export const DEPARTMENT_FILE = 'data/raw/department-v2.csv'
export const SENIORITY_FILE = 'data/raw/seniority-v2.csv'
export const CV_FILE = 'data/raw/linkedin-cvs-annotated.json'

const PUBLISHER =
  'snapADDY GmbH supplied the label lists and annotated LinkedIn CVs for a university ' +
  '"Practical Data Science" capstone; published on GitHub by the students (Dosch, Bronner, Hüsam).'
const LICENCE =
  'None found: the repository has no LICENSE file and neither its README, its report ' +
  '(latex report/main.tex, deliverables/Final_report.pdf) nor its history states terms. ' +
  'Another capstone repository using the same files (BuzzwordLearner) says "Academic use only." ' +
  'Treat as all rights reserved by snapADDY GmbH: internal evaluation only, do not redistribute.'

interface Position {
  organization?: string | null
  position?: string | null
  status?: string | null
  department?: string | null
  seniority?: string | null
}

export function convertLists(depCsv: string, senCsv: string): TitleRow[] {
  const byText = new Map<string, TitleRow>()
  const add = (csv: string, field: 'department' | 'seniority', what: string) => {
    for (const r of parseTable(csv, ',', what)) {
      const title = r.text ?? ''
      const label = r.label ?? ''
      if (!title.trim() || !label.trim()) throw new Error(`${what}: empty text or label`)
      let row = byText.get(title)
      if (!row) {
        row = { title, lang: null, source: 'snapaddy-lists', group: titleKey(title) }
        byText.set(title, row)
      }
      if (row[field] !== undefined && row[field] !== label)
        throw new Error(`${what}: "${title}" has two ${field} labels`)
      row[field] = label
    }
  }
  add(depCsv, 'department', DEPARTMENT_FILE)
  add(senCsv, 'seniority', SENIORITY_FILE)
  return [...byText.values()]
}

export function convertCvs(json: string): TitleRow[] {
  const cvs = JSON.parse(json) as Position[][]
  if (!Array.isArray(cvs)) throw new Error(`${CV_FILE}: not a list of CVs`)
  const rows: TitleRow[] = []
  cvs.forEach((cv, i) => {
    cv.forEach((p, j) => {
      const title = clean(p.position ?? '')
      if (!title) return
      const row: TitleRow = {
        title,
        lang: null,
        source: 'snapaddy-cvs',
        group: `cv:${String(i).padStart(4, '0')}`,
        position: j,
      }
      if (p.department) row.department = p.department
      if (p.seniority) row.seniority = p.seniority
      if (p.organization) row.organization = clean(p.organization)
      if (p.status) row.status = p.status
      rows.push(row)
    })
  })
  return rows
}

function main() {
  const { out, origin } = cli(DEFAULT_REPO)
  const commit = resolveCommit(origin)
  const texts: Record<string, string> = {
    [DEPARTMENT_FILE]: readText(origin, DEPARTMENT_FILE),
    [SENIORITY_FILE]: readText(origin, SENIORITY_FILE),
    [CV_FILE]: readText(origin, CV_FILE),
  }
  const inputs = (paths: string[]) =>
    paths.map((path) => ({ repo: REPO_URL, commit, path, sha256: sha256(texts[path]!) }))

  const lists = convertLists(texts[DEPARTMENT_FILE]!, texts[SENIORITY_FILE]!)
  writeOutput(out, 'snapaddy-lists', lists, {
    source: 'snapaddy-lists',
    inputs: inputs([DEPARTMENT_FILE, SENIORITY_FILE]),
    publisher: PUBLISHER,
    licence: LICENCE,
    use: 'training (curated label lists); evaluate on snapaddy-cvs, never on these alone',
    counts: {
      rows: lists.length,
      withDepartment: lists.filter((r) => r.department).length,
      withSeniority: lists.filter((r) => r.seniority).length,
      withBoth: lists.filter((r) => r.department && r.seniority).length,
      department: countBy(
        lists.filter((r) => r.department),
        (r) => r.department!,
      ),
      seniority: countBy(
        lists.filter((r) => r.seniority),
        (r) => r.seniority!,
      ),
      groups: new Set(lists.map((r) => r.group)).size,
    },
    notes: [
      'Merged by exact text; lang is null because the lists mix languages.',
      'group = lower-cased, whitespace-collapsed title.',
    ],
  } satisfies SourceMeta)

  const cvs = convertCvs(texts[CV_FILE]!)
  writeOutput(out, 'snapaddy-cvs', cvs, {
    source: 'snapaddy-cvs',
    inputs: inputs([CV_FILE]),
    publisher: PUBLISHER,
    licence: LICENCE,
    use: 'EVALUATION ONLY (out-of-distribution test set); never train, tune or pick thresholds on it',
    counts: {
      rows: cvs.length,
      cvs: new Set(cvs.map((r) => r.group)).size,
      status: countBy(cvs, (r) => r.status ?? ''),
      department: countBy(cvs, (r) => r.department ?? ''),
      seniority: countBy(cvs, (r) => r.seniority ?? ''),
      activeRows: cvs.filter((r) => r.status === 'ACTIVE').length,
    },
    notes: [
      'group = cv:NNNN (index of the CV in the file); position = index within the CV.',
      'Real LinkedIn CVs: linkedin URLs and start/end dates are dropped; organization kept as given.',
      'The capstone report evaluates on ACTIVE positions; filter on status for that protocol.',
    ],
  } satisfies SourceMeta)
}

main()
