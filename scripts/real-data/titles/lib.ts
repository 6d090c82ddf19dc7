/**
 * Shared pieces of the job-title data converters in this folder (`snapaddy.ts`, `esco.ts`,
 * `onet.ts`): the common JSONL row shape, reading a file either from a bare git mirror (via
 * `git show REV:PATH`) or from a plain folder, an RFC 4180 CSV/TSV parser, and deterministic
 * JSONL + meta output. No npm dependencies: node built-ins only. Same input, same bytes.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

/** One labelled job title. Raw source labels only: mapping to our classes lives elsewhere. */
export interface TitleRow {
  title: string
  /** ISO 639-1, or null when the source does not say (mixed-language lists). */
  lang: string | null
  source: string
  /** Rows sharing a group must land in the same split (same occupation, same CV, ...). */
  group: string
  department?: string
  seniority?: string
  isco?: string
  soc?: string
  preferred?: boolean
  organization?: string
  status?: string
  [extra: string]: unknown
}

/** Where input files come from: a bare git dir at a revision, or a plain folder. */
export interface Origin {
  repo?: string
  rev: string
  dir?: string
}

export function readText(origin: Origin, path: string): string {
  if (origin.dir !== undefined) return readFileSync(join(origin.dir, path), 'utf8')
  if (origin.repo === undefined) throw new Error('no --repo or --in given')
  return execFileSync('git', ['-C', origin.repo, 'show', `${origin.rev}:${path}`], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
}

/** The commit an origin resolves to, or null for a plain folder. */
export function resolveCommit(origin: Origin): string | null {
  if (origin.repo === undefined || origin.dir !== undefined) return null
  return execFileSync('git', ['-C', origin.repo, 'rev-parse', `${origin.rev}^{commit}`], {
    encoding: 'utf8',
  }).trim()
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** RFC 4180: quoted fields may hold the delimiter, quotes ("") and newlines. */
export function parseDelimited(text: string, delimiter = ','): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === delimiter) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (quoted) throw new Error('unterminated quoted field at end of input')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Rows as records keyed by the header line; fails on a row of the wrong width. */
export function parseTable(
  text: string,
  delimiter = ',',
  what = 'table',
): Record<string, string>[] {
  const [header, ...body] = parseDelimited(text, delimiter)
  if (header === undefined) throw new Error(`${what}: empty`)
  const out: Record<string, string>[] = []
  body.forEach((cells, n) => {
    if (cells.length === 1 && cells[0] === '') return
    if (cells.length !== header.length)
      throw new Error(`${what}: row ${n + 2} has ${cells.length} cells, header ${header.length}`)
    const rec: Record<string, string> = {}
    header.forEach((h, j) => {
      rec[h] = cells[j]!
    })
    out.push(rec)
  })
  return out
}

/** Plain TSV without quoting (O*NET text files, MELO TSVs): split on tabs only. */
export function parseTsvPlain(text: string, what = 'tsv'): string[][] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((l, n) => {
      const cells = l.split('\t')
      if (cells.length < 2) throw new Error(`${what}: line ${n + 1} has no tab`)
      return cells
    })
}

/** Whitespace collapsed and trimmed; the text is otherwise kept as published. */
export function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}

/** A split key that keeps case/spacing variants of one title together. */
export function titleKey(s: string): string {
  return clean(s).toLowerCase()
}

export function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const it of items) {
    const k = key(it)
    out[k] = (out[k] ?? 0) + 1
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

export interface SourceMeta {
  source: string
  inputs: { repo: string; commit: string | null; path: string; sha256: string }[]
  publisher: string
  licence: string
  use: string
  counts: Record<string, unknown>
  notes: string[]
}

/** Writes `<name>.jsonl` (one row a line, keys in a fixed order) and `<name>.meta.json`. */
export function writeOutput(outDir: string, name: string, rows: TitleRow[], meta: SourceMeta) {
  mkdirSync(outDir, { recursive: true })
  const order = ['title', 'lang', 'source', 'group']
  const lines = rows.map((r) => {
    const o: Record<string, unknown> = {}
    for (const k of order) o[k] = r[k]
    for (const k of Object.keys(r)) if (!order.includes(k) && r[k] !== undefined) o[k] = r[k]
    return JSON.stringify(o)
  })
  writeFileSync(join(outDir, `${name}.jsonl`), lines.length ? `${lines.join('\n')}\n` : '')
  writeFileSync(join(outDir, `${name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`)
  console.log(`${join(outDir, `${name}.jsonl`)}: ${rows.length} rows`)
  console.log(JSON.stringify(meta.counts, null, 2))
}

export interface Cli {
  out: string
  origin: Origin
  values: Record<string, string | boolean | string[] | undefined>
}

/** `--out DIR` (default data/real/titles), `--repo GITDIR [--rev REV]` or `--in DIR`. */
export function cli(defaultRepo: string, extra: Record<string, { type: 'string' }> = {}): Cli {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'data/real/titles' },
      repo: { type: 'string' },
      rev: { type: 'string', default: 'HEAD' },
      in: { type: 'string' },
      ...extra,
    },
    strict: true,
  })
  const dir = values.in as string | undefined
  const repo = (values.repo as string | undefined) ?? (dir === undefined ? defaultRepo : undefined)
  if (dir !== undefined && !existsSync(dir)) throw new Error(`--in ${dir}: no such folder`)
  if (repo !== undefined && !existsSync(repo))
    throw new Error(`${repo}: no such git dir (see scripts/real-data/titles/fetch.md)`)
  return {
    out: values.out as string,
    origin: { repo, rev: values.rev as string, dir },
    values,
  }
}
