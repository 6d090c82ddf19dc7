/**
 * O*NET 27.0 database (U.S. Department of Labor / National Center for O*NET Development, CC BY
 * 4.0) → `onet.jsonl`: English job titles with their O*NET-SOC code (`soc`, e.g. "11-1011.00";
 * the first 7 characters are the SOC 2018 detailed occupation) and `group` = the same code.
 *
 * Inputs (tab-separated text files of the O*NET database, committed unchanged with O*NET's
 * `Read Me.txt` in SrivardhiniK/career-path-recommender under data/):
 * - `Occupation Data.txt`: the occupation title (`titleType` "occupation", `preferred` true);
 * - `Alternate Titles.txt`: alternate titles ("alternate") and their short forms ("short");
 *   `onetSources` keeps O*NET's source codes;
 * - `Sample of Reported Titles.txt`: titles incumbents reported ("reported"), with
 *   `shownInMyNextMove`.
 * A title repeated under one code is one row; `titleTypes` lists every kind it appeared as.
 *
 *   npx tsx scripts/real-data/titles/onet.ts [--out data/real/titles] [--repo GITDIR [--rev REV] | --in DIR]
 *
 * `--in DIR` reads the three files (by the names above) from a plain folder, e.g. an unzipped
 * official db_XX_X_text.zip.
 */
import {
  clean,
  cli,
  countBy,
  parseTsvPlain,
  readText,
  resolveCommit,
  type SourceMeta,
  sha256,
  type TitleRow,
  writeOutput,
} from './lib.ts'

export const DEFAULT_REPO = '/work/.mirror/SrivardhiniK+career-path-recommender/repo'
export const REPO_URL = 'https://github.com/SrivardhiniK/career-path-recommender'
export const OCCUPATIONS = 'Occupation Data.txt'
export const ALTERNATES = 'Alternate Titles.txt'
export const REPORTED = 'Sample of Reported Titles.txt'
export const README = 'Read Me.txt'

const SOC = /^\d{2}-\d{4}\.\d{2}$/

function table(text: string, header: string[], what: string): string[][] {
  const [head, ...body] = parseTsvPlain(text, what)
  if (head === undefined || header.some((h, i) => head[i] !== h))
    throw new Error(`${what}: header is ${JSON.stringify(head)}, expected ${header.join(' | ')}`)
  for (const [i, cells] of body.entries())
    if (!SOC.test(cells[0] ?? '')) throw new Error(`${what}: line ${i + 2} code "${cells[0]}"`)
  return body
}

export function convert(occ: string, alt: string, rep: string): TitleRow[] {
  const rows = new Map<string, TitleRow>()
  const add = (soc: string, raw: string, kind: string, extra: Record<string, unknown> = {}) => {
    const title = clean(raw)
    if (!title || title === 'n/a') return
    const key = `${soc}\t${title}`
    let row = rows.get(key)
    if (!row) {
      row = {
        title,
        lang: 'en',
        source: 'onet',
        group: soc,
        soc,
        preferred: kind === 'occupation',
        titleTypes: [] as string[],
      }
      rows.set(key, row)
    }
    const types = row.titleTypes as string[]
    if (!types.includes(kind)) types.push(kind)
    if (kind === 'occupation') row.preferred = true
    for (const [k, v] of Object.entries(extra)) if (row[k] === undefined) row[k] = v
  }
  for (const [soc, title] of table(occ, ['O*NET-SOC Code', 'Title', 'Description'], OCCUPATIONS))
    add(soc!, title!, 'occupation')
  for (const [soc, title, short, sources] of table(
    alt,
    ['O*NET-SOC Code', 'Alternate Title', 'Short Title', 'Source(s)'],
    ALTERNATES,
  )) {
    add(soc!, title!, 'alternate', { onetSources: sources })
    add(soc!, short ?? '', 'short', { onetSources: sources })
  }
  for (const [soc, title, shown] of table(
    rep,
    ['O*NET-SOC Code', 'Reported Job Title', 'Shown in My Next Move'],
    REPORTED,
  ))
    add(soc!, title!, 'reported', { shownInMyNextMove: shown === 'Y' })
  return [...rows.values()]
}

function main() {
  const { out, origin } = cli(DEFAULT_REPO)
  const prefix = origin.dir === undefined ? 'data/' : ''
  const commit = resolveCommit(origin)
  const texts: Record<string, string> = {}
  for (const f of [OCCUPATIONS, ALTERNATES, REPORTED, README])
    texts[f] = readText(origin, prefix + f)
  const readme = texts[README]!
  const version = /O\*NET ([\d.]+) Database/.exec(readme)?.[1] ?? 'unknown'
  const licenceLine =
    readme
      .split(/\r?\n/)
      .find((l) => /licen[cs]ed under/i.test(l))
      ?.trim() ?? ''
  const rows = convert(texts[OCCUPATIONS]!, texts[ALTERNATES]!, texts[REPORTED]!)
  writeOutput(out, 'onet', rows, {
    source: 'onet',
    inputs: [OCCUPATIONS, ALTERNATES, REPORTED, README].map((f) => ({
      repo: origin.dir ?? REPO_URL,
      commit,
      path: prefix + f,
      sha256: sha256(texts[f]!),
    })),
    publisher:
      'U.S. Department of Labor, Employment and Training Administration; National Center for O*NET Development (https://www.onetcenter.org)',
    licence: `${licenceLine} (from O*NET's Read Me.txt; https://www.onetcenter.org/license_db.html)`,
    use: 'training (English title → O*NET-SOC / SOC 2018); split by group (O*NET-SOC code)',
    counts: {
      onetVersion: version,
      rows: rows.length,
      codes: new Set(rows.map((r) => r.soc)).size,
      lang: countBy(rows, (r) => r.lang ?? ''),
      titleType: countBy(
        rows.flatMap((r) => r.titleTypes as string[]),
        (t) => t,
      ),
    },
    notes: [
      'soc is the O*NET-SOC 2019 code (8-digit, dotted); SOC 2018 = its first 7 characters.',
      'Short titles ("n/a" skipped) are kept as their own rows with titleType "short".',
    ],
  } satisfies SourceMeta)
}

main()
