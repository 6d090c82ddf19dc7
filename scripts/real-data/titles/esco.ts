/**
 * ESCO occupations (European Commission; reuse with attribution under Commission Decision
 * 2011/833/EU) → `esco.jsonl`: one row per occupation label (preferred, alternative, hidden) per
 * language, with the occupation's ISCO-08 unit group (`isco`, 4 digits), `group` = `occupation`
 * = the ESCO conceptUri, `preferred` (true for the preferred label), `labelType`
 * (preferred | alt | hidden | alt-or-hidden) and `escoVersion`.
 *
 * Two kinds of input, because no stored repository carries the full multilingual CSV export:
 * - en, de, es: the standard ESCO v1.2.0 CSV export (`occupations_<lang>.csv`: conceptType,
 *   conceptUri, iscoGroup, preferredLabel, altLabels, hiddenLabels, ...; labels newline-separated)
 *   committed in Prajwal-0101/multilingual-job-title-matching.
 * - pl, fr, nl, it, sv (and, on request, other MELO languages): the ESCO surface forms in the
 *   corpus files of the MELO benchmark (Avature/melo-benchmark, MIT; built from ESCO 1.0.3–1.1.1
 *   CSV exports). `corpus_elements.tsv` gives `C<n>_<lang>_000` = preferred label and
 *   `_001...` = alternative + hidden labels (MELO merges the two), `concept_mapping.tsv` the
 *   ESCO URI. MELO does not carry iscoGroup, so it is looked up by conceptUri in the English
 *   v1.2.0 export, then in an older English export (MohamedGouaouri/esco); URIs found in
 *   neither are dropped and counted. ISCO-group concepts in the MELO corpora are skipped.
 *
 *   npx tsx scripts/real-data/titles/esco.ts [--out data/real/titles] [--esco-repo GITDIR]
 *     [--melo-repo GITDIR] [--isco-repo GITDIR] [--melo-langs pl,fr,nl,it,sv|all]
 *     [--esco-dir DIR]   # a folder of official ESCO CSV exports: occupations_<lang>.csv for
 *                        # every language present replaces the repos above for that language
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  clean,
  countBy,
  type Origin,
  parseTable,
  parseTsvPlain,
  readText,
  resolveCommit,
  type SourceMeta,
  sha256,
  type TitleRow,
  writeOutput,
} from './lib.ts'

export const ESCO_REPO = '/work/.mirror/Prajwal-0101+multilingual-job-title-matching/repo'
export const ESCO_URL = 'https://github.com/Prajwal-0101/multilingual-job-title-matching'
export const ESCO_FILES: Record<string, string> = {
  en: 'data/raw/esco_dataset_version_1.2.0/english/occupations_en.csv',
  de: 'data/raw/esco_dataset_version_1.2.0/german/occupations_de.csv',
  es: 'data/raw/esco_dataset_version_1.2.0/spanish/occupations_es.csv',
}
export const MELO_REPO = '/work/.mirror/Avature+melo-benchmark/repo'
export const MELO_URL = 'https://github.com/Avature/melo-benchmark'
/** MELO monolingual datasets whose corpus is ESCO in that language, and their ESCO version. */
export const MELO_DATASETS: Record<string, { dir: string; escoVersion: string }> = {
  pl: { dir: 'pol_q_pl_c_pl', escoVersion: '1.0.3' },
  fr: { dir: 'fra_q_fr_c_fr', escoVersion: '1.0.9' },
  nl: { dir: 'nld_q_nl_c_nl', escoVersion: '1.0.3' },
  it: { dir: 'ita_q_it_c_it', escoVersion: '1.0.8' },
  sv: { dir: 'swe_q_sv_c_sv', escoVersion: '1.1.1' },
  pt: { dir: 'prt_q_pt_c_pt', escoVersion: '1.0.3' },
  bg: { dir: 'bgr_q_bg_c_bg', escoVersion: '1.0.3' },
  cs: { dir: 'cze_q_cs_c_cs', escoVersion: '1.0.9' },
  da: { dir: 'dnk_q_da_c_da', escoVersion: '1.0.8' },
  et: { dir: 'est_q_et_c_et', escoVersion: '1.0.8' },
  hr: { dir: 'hrv_q_hr_c_hr', escoVersion: '1.0.3' },
  hu: { dir: 'hun_q_hu_c_hu', escoVersion: '1.0.8' },
  lt: { dir: 'ltu_q_lt_c_lt', escoVersion: '1.0.8' },
  lv: { dir: 'lva_q_lv_c_lv', escoVersion: '1.0.8' },
  ro: { dir: 'rou_q_ro_c_ro', escoVersion: '1.0.8' },
  sk: { dir: 'svk_q_sk_c_sk', escoVersion: '1.0.8' },
  sl: { dir: 'svn_q_sl_c_sl', escoVersion: '1.0.8' },
}
export const DEFAULT_MELO_LANGS = ['pl', 'fr', 'nl', 'it', 'sv']
export const ISCO_REPO = '/work/.mirror/MohamedGouaouri+esco/repo'
export const ISCO_URL = 'https://github.com/MohamedGouaouri/esco'
export const ISCO_FILE = 'occupations_en.csv'

const OCCUPATION = '/esco/occupation/'
const PUBLISHER =
  'European Commission, DG Employment, Social Affairs and Inclusion (ESCO, https://esco.ec.europa.eu)'
const LICENCE =
  'European Commission reuse policy, Decision 2011/833/EU: "Reuse is authorised provided the source ' +
  'is acknowledged" (ESCO handbook, 2017); the ESCO FAQ says ESCO "is available for use free of ' +
  'charge" (https://esco.ec.europa.eu/en/about-esco/faq). The Commission treats this policy as ' +
  'compatible with CC BY 4.0, but no source read here says so for ESCO explicitly. The repositories ' +
  'used state nothing about ESCO terms: Prajwal-0101/multilingual-job-title-matching has no licence ' +
  'file; Avature/melo-benchmark is MIT (its code and processed files) and names ESCO as the source.'

interface Input {
  repo: string
  commit: string | null
  path: string
  sha256: string
}

/** Rows of one standard ESCO `occupations_<lang>.csv` export. */
export function convertEscoCsv(csv: string, lang: string, escoVersion: string, what: string) {
  const rows: TitleRow[] = []
  const iscoByUri = new Map<string, string>()
  for (const r of parseTable(csv, ',', what)) {
    if (r.conceptType !== 'Occupation') continue
    const uri = r.conceptUri!
    // Armed-forces codes (0110, 0210, 0310) lose their leading zero in some exports.
    const isco = /^\d{3}$/.test(r.iscoGroup!) ? `0${r.iscoGroup}` : r.iscoGroup!
    if (!/^\d{4}$/.test(isco)) throw new Error(`${what}: ${uri} has iscoGroup "${isco}"`)
    iscoByUri.set(uri, isco)
    const seen = new Set<string>()
    const add = (label: string, labelType: string) => {
      const title = clean(label)
      if (!title || seen.has(title)) return
      seen.add(title)
      rows.push({
        title,
        lang,
        source: 'esco',
        group: uri,
        isco,
        occupation: uri,
        preferred: labelType === 'preferred',
        labelType,
        escoVersion,
      })
    }
    add(r.preferredLabel ?? '', 'preferred')
    for (const l of (r.altLabels ?? '').split('\n')) add(l, 'alt')
    for (const l of (r.hiddenLabels ?? '').split('\n')) add(l, 'hidden')
  }
  return { rows, iscoByUri }
}

/** Rows of one MELO monolingual corpus (ESCO surface forms of one language). */
export function convertMeloCorpus(
  corpusTsv: string,
  mappingTsv: string,
  lang: string,
  escoVersion: string,
  iscoOf: (uri: string) => string | undefined,
) {
  const uriOf = new Map(
    parseTsvPlain(mappingTsv, 'concept_mapping').map(([id, uri]) => [id!, uri!]),
  )
  const rows: TitleRow[] = []
  const missing = new Set<string>()
  const seen = new Set<string>()
  for (const [id, surface] of parseTsvPlain(corpusTsv, 'corpus_elements')) {
    const m = /^C\d+_([a-z]{2})_(\d{3})$/.exec(id!)
    if (!m) throw new Error(`corpus_elements: odd id ${id}`)
    if (m[1] !== lang) throw new Error(`corpus_elements: ${id} is not ${lang}`)
    const uri = uriOf.get(id!)
    if (!uri) throw new Error(`concept_mapping: no URI for ${id}`)
    if (!uri.includes(OCCUPATION)) continue
    const isco = iscoOf(uri)
    if (!isco) {
      missing.add(uri)
      continue
    }
    const title = clean(surface ?? '')
    const key = `${uri}\t${title}`
    if (!title || seen.has(key)) continue
    seen.add(key)
    const preferred = m[2] === '000'
    rows.push({
      title,
      lang,
      source: 'esco',
      group: uri,
      isco,
      occupation: uri,
      preferred,
      labelType: preferred ? 'preferred' : 'alt-or-hidden',
      escoVersion,
    })
  }
  return { rows, missing: [...missing].sort() }
}

function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'data/real/titles' },
      'esco-repo': { type: 'string', default: ESCO_REPO },
      'melo-repo': { type: 'string', default: MELO_REPO },
      'isco-repo': { type: 'string', default: ISCO_REPO },
      'melo-langs': { type: 'string', default: DEFAULT_MELO_LANGS.join(',') },
      'esco-dir': { type: 'string' },
    },
    strict: true,
  })
  const escoOrigin: Origin = { repo: values['esco-repo'], rev: 'HEAD' }
  const meloOrigin: Origin = { repo: values['melo-repo'], rev: 'HEAD' }
  const iscoOrigin: Origin = { repo: values['isco-repo'], rev: 'HEAD' }
  for (const o of [escoOrigin, meloOrigin, iscoOrigin])
    if (!existsSync(o.repo!)) throw new Error(`${o.repo}: missing (see fetch.md)`)
  const meloLangs =
    values['melo-langs'] === 'all'
      ? Object.keys(MELO_DATASETS)
      : values['melo-langs']!.split(',').filter(Boolean)
  for (const l of meloLangs) if (!MELO_DATASETS[l]) throw new Error(`no MELO corpus for ${l}`)

  const inputs: Input[] = []
  const rows: TitleRow[] = []
  const versionByLang: Record<string, string> = {}
  const fromCsv = new Set<string>()
  const isco120 = new Map<string, string>()

  // Official CSV exports in a folder take precedence, language by language.
  const dir = values['esco-dir']
  const csvSources: { lang: string; text: string; input: Input; version: string }[] = []
  if (dir !== undefined) {
    for (const f of readdirSync(dir).sort()) {
      const m = /^occupations_([a-z]{2})\.csv$/.exec(f)
      if (!m) continue
      const text = readFileSync(join(dir, f), 'utf8')
      csvSources.push({
        lang: m[1]!,
        text,
        version: 'local',
        input: { repo: dir, commit: null, path: f, sha256: sha256(text) },
      })
    }
  }
  const escoCommit = resolveCommit(escoOrigin)
  for (const [lang, path] of Object.entries(ESCO_FILES)) {
    if (csvSources.some((s) => s.lang === lang)) continue
    const text = readText(escoOrigin, path)
    csvSources.push({
      lang,
      text,
      version: '1.2.0',
      input: { repo: ESCO_URL, commit: escoCommit, path, sha256: sha256(text) },
    })
  }
  for (const s of csvSources) {
    const { rows: r, iscoByUri } = convertEscoCsv(s.text, s.lang, s.version, s.input.path)
    rows.push(...r)
    inputs.push(s.input)
    versionByLang[s.lang] = s.version
    fromCsv.add(s.lang)
    if (s.lang === 'en') for (const [u, c] of iscoByUri) isco120.set(u, c)
  }

  const iscoText = readText(iscoOrigin, ISCO_FILE)
  inputs.push({
    repo: ISCO_URL,
    commit: resolveCommit(iscoOrigin),
    path: ISCO_FILE,
    sha256: sha256(iscoText),
  })
  const iscoOld = convertEscoCsv(iscoText, 'en', 'older', ISCO_FILE).iscoByUri
  let iscoDisagree = 0
  for (const [u, c] of iscoOld) if (isco120.has(u) && isco120.get(u) !== c) iscoDisagree++
  const iscoOf = (uri: string) => isco120.get(uri) ?? iscoOld.get(uri)

  const meloCommit = resolveCommit(meloOrigin)
  const dropped: Record<string, string[]> = {}
  for (const lang of meloLangs) {
    if (fromCsv.has(lang)) continue
    const { dir: d, escoVersion } = MELO_DATASETS[lang]!
    const cPath = `data/processed/melo/${d}/corpus_elements.tsv`
    const mPath = `data/processed/melo/${d}/concept_mapping.tsv`
    const cText = readText(meloOrigin, cPath)
    const mText = readText(meloOrigin, mPath)
    for (const [path, text] of [
      [cPath, cText],
      [mPath, mText],
    ] as const)
      inputs.push({ repo: MELO_URL, commit: meloCommit, path, sha256: sha256(text) })
    const res = convertMeloCorpus(cText, mText, lang, escoVersion, iscoOf)
    rows.push(...res.rows)
    versionByLang[lang] = escoVersion
    if (res.missing.length) dropped[lang] = res.missing
  }

  const langs = [...new Set(rows.map((r) => r.lang!))].sort()
  const perLang: Record<string, unknown> = {}
  for (const l of langs) {
    const rs = rows.filter((r) => r.lang === l)
    perLang[l] = {
      rows: rs.length,
      occupations: new Set(rs.map((r) => r.group)).size,
      escoVersion: versionByLang[l],
      labelType: countBy(rs, (r) => r.labelType as string),
    }
  }
  writeOutput(values.out!, 'esco', rows, {
    source: 'esco',
    inputs,
    publisher: PUBLISHER,
    licence: LICENCE,
    use: 'training (multilingual title → ISCO-08 unit group); split by group (occupation URI)',
    counts: {
      rows: rows.length,
      occupations: new Set(rows.map((r) => r.group)).size,
      iscoGroups: new Set(rows.map((r) => r.isco)).size,
      perLang,
      iscoLookupDisagreements: iscoDisagree,
      droppedOccupationsWithoutIsco: Object.fromEntries(
        Object.entries(dropped).map(([l, u]) => [l, u.length]),
      ),
    },
    notes: [
      'en/de/es labels come from ESCO v1.2.0 with alt and hidden labels told apart; other languages ' +
        'from MELO corpora (older ESCO versions) where alt and hidden labels are merged (alt-or-hidden).',
      'German/French/... preferred labels are often gendered pairs ("Leiter/Leiterin"); kept as published.',
      'isco for MELO rows is looked up by conceptUri in the English v1.2.0 export, else the older ' +
        'English export; ISCO unit groups of an occupation rarely change between versions.',
      ...Object.entries(dropped).map(([l, u]) => `dropped (${l}, no isco found): ${u.join(' ')}`),
    ],
  } satisfies SourceMeta)
}

main()
