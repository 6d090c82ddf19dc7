/**
 * Olist marketing funnel (Kaggle "Marketing Funnel by Olist", CC BY-NC-SA 4.0) → a book in the
 * service's import format plus the per-lead raw table a plain logistic regression is fitted on.
 *
 *   npx tsx scripts/real-data/olist.ts [--out data/real/olist] [--in DIR | --in mqls.csv --in deals.csv | --repo GITDIR [--rev REV]]
 *
 * The dates are real: one form signal per marketing-qualified lead at its first contact, one won
 * outcome per closed deal. See docs/real-data.md.
 */
import { pathToFileURL } from 'node:url'
import {
  type AccountRecord,
  type Book,
  ConversionError,
  cell,
  countBy,
  DAY_MS,
  HOUR_MS,
  type Inputs,
  iso,
  type LeadRecord,
  type OutcomeRecord,
  percentile,
  readCsv,
  round1,
  runCli,
  type SignalRecord,
  sha256,
} from './common.ts'

export const MQL_FILE = 'olist_marketing_qualified_leads_dataset.csv'
export const DEAL_FILE = 'olist_closed_deals_dataset.csv'
export const SOURCE = {
  repo: 'https://github.com/lasyasunkavilli408/FUTURE_DS_03',
  commit: 'cef4aaa86868d83fcbdd809ee77e12178d09dc8b',
  sha256: {
    [MQL_FILE]: 'c749e1329e65c8a26a9c8710cd4c598d337a79b582e91fcfafbb4f11f6413679',
    [DEAL_FILE]: '063b2e02a263c236a171b7ba19534636cc8587fd10668eabeb9a66c35182a563',
  } as Record<string, string>,
  upstream: 'https://www.kaggle.com/datasets/olistbr/marketing-funnel-olist',
}
const DEFAULT_REPO = '/work/.mirror/lasyasunkavilli408+FUTURE_DS_03/repo'
export const LICENCE =
  'CC BY-NC-SA 4.0 (as stated on Kaggle by Olist): attribution, non-commercial use only, derivatives under the same licence. Not committed.'

/** A first contact (a date) is placed at noon UTC; the lead is scored a day later. */
const CONTACT_HOUR = 12
const SCORE_AFTER_MS = DAY_MS
const HORIZON_DAYS = 180
const LANDING_PAGE_HOST = 'https://lp.olist.com/'

/** Only known once a deal is closed: never read. */
export const EXCLUDED_DEAL_COLUMNS = [
  'seller_id',
  'sdr_id',
  'sr_id',
  'business_segment',
  'lead_type',
  'lead_behaviour_profile',
  'has_company',
  'has_gtin',
  'average_stock',
  'business_type',
  'declared_product_catalog_size',
  'declared_monthly_revenue',
] as const

const HEX32 = /^[0-9a-f]{32}$/
/** The MD5 of the empty string: an id hashed from nothing, i.e. an unknown landing page. */
const MD5_OF_EMPTY = 'd41d8cd98f00b204e9800998ecf8427e'
const DATE = /^(\d{2})-(\d{2})-(\d{4})$/
const DATE_TIME = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})$/

/**
 * `DD-MM-YYYY` (or `DD-MM-YYYY HH:MM` with `withTime`) as UTC milliseconds; anything else, or an
 * impossible date such as a month above 12, throws.
 */
export function parseDate(raw: string, where: string, withTime: boolean): number {
  const format = withTime ? 'DD-MM-YYYY HH:MM' : 'DD-MM-YYYY'
  const match = (withTime ? DATE_TIME : DATE).exec(raw)
  if (!match) throw new ConversionError(`${where}: '${raw}' is not ${format}`)
  const [day, month, year, hour = 0, minute = 0] = match.slice(1).map(Number) as number[]
  const ms = Date.UTC(year!, month! - 1, day!, hour, minute)
  const back = new Date(ms)
  if (
    month! < 1 ||
    month! > 12 ||
    back.getUTCDate() !== day ||
    back.getUTCMonth() !== month! - 1 ||
    hour > 23 ||
    minute > 59
  )
    throw new ConversionError(`${where}: '${raw}' is not a real date (${format})`)
  return ms
}

interface Mql {
  id: string
  domain: string
  contact: number
  landingPage: string
  origin: string | null
}

export function convert(
  input: { [MQL_FILE]: string; [DEAL_FILE]: string },
  options: { commit?: string } = {},
): Book {
  const mqlRows = readCsv(input[MQL_FILE], MQL_FILE, [
    'mql_id',
    'first_contact_date',
    'landing_page_id',
    'origin',
  ])
  const dealRows = readCsv(input[DEAL_FILE], DEAL_FILE, ['mql_id', 'won_date'])

  const mqls = new Map<string, Mql>()
  const prefixes = new Map<string, string>()
  let dayAbove12 = 0
  mqlRows.forEach((row, index) => {
    const where = `${MQL_FILE} line ${index + 2}`
    const id = cell(row, 'mql_id')
    if (!HEX32.test(id)) throw new ConversionError(`${where}: mql_id '${id}' is not 32 hex digits`)
    if (mqls.has(id)) throw new ConversionError(`${where}: mql_id ${id} appears twice`)
    const prefix = id.slice(0, 16)
    const clash = prefixes.get(prefix)
    if (clash)
      throw new ConversionError(`${where}: mql_id ${id} shares its first 16 digits with ${clash}`)
    prefixes.set(prefix, id)
    const date = cell(row, 'first_contact_date')
    if (Number(date.slice(0, 2)) > 12) dayAbove12 += 1
    const landingPage = cell(row, 'landing_page_id')
    if (!/^[A-Za-z0-9_-]+$/.test(landingPage))
      throw new ConversionError(`${where}: landing_page_id '${landingPage}' is not a path segment`)
    const origin = cell(row, 'origin').trim()
    mqls.set(id, {
      id,
      domain: `mql-${prefix}.com.br`,
      contact: parseDate(date, `${where}: first_contact_date`, false) + CONTACT_HOUR * HOUR_MS,
      landingPage,
      origin: origin === '' ? null : origin,
    })
  })

  const won = new Map<string, number>()
  dealRows.forEach((row, index) => {
    const where = `${DEAL_FILE} line ${index + 2}`
    const id = cell(row, 'mql_id')
    if (!mqls.has(id)) throw new ConversionError(`${where}: mql_id '${id}' is not among the MQLs`)
    if (won.has(id)) throw new ConversionError(`${where}: a second deal for mql_id ${id}`)
    won.set(id, parseDate(cell(row, 'won_date'), `${where}: won_date`, true))
  })

  const ordered = [...mqls.values()].sort((a, b) => a.contact - b.contact || compare(a.id, b.id))
  const accounts: AccountRecord[] = []
  const signals: SignalRecord[] = []
  const outcomes: OutcomeRecord[] = []
  const leads: LeadRecord[] = []
  const wonBeforeContactDate: string[] = []
  let wonSameDayBeforeNoon = 0
  let wonBeforeScoreAt = 0
  let wonAfterHorizon = 0
  const daysToWin: number[] = []

  for (const mql of ordered) {
    accounts.push({ domain: mql.domain, name: `MQL ${mql.id.slice(0, 8)}` })
    signals.push({
      id: `mql-${mql.id}`,
      type: 'form',
      account: mql.domain,
      action: 'mql_form',
      occurredAt: iso(mql.contact),
      ...(mql.origin === null ? {} : { source: mql.origin }),
      url: `${LANDING_PAGE_HOST}${mql.landingPage}`,
    })
    const scoreAt = mql.contact + SCORE_AFTER_MS
    const wonAt = won.get(mql.id)
    let label: 0 | 1 = 0
    if (wonAt !== undefined) {
      const contactDay = mql.contact - CONTACT_HOUR * HOUR_MS
      if (wonAt < contactDay) {
        // A deal won before the lead's first contact contradicts itself: dropped from the book.
        wonBeforeContactDate.push(mql.id)
      } else {
        if (wonAt < mql.contact) wonSameDayBeforeNoon += 1
        outcomes.push({
          id: `deal-${mql.id}`,
          account: mql.domain,
          type: 'won',
          occurredAt: iso(wonAt),
        })
        daysToWin.push((wonAt - mql.contact) / DAY_MS)
      }
      if (wonAt <= scoreAt) wonBeforeScoreAt += 1
      else if (wonAt <= scoreAt + HORIZON_DAYS * DAY_MS) label = 1
      else wonAfterHorizon += 1
      // Already won when it would be scored: not a lead to predict.
      if (wonAt <= scoreAt) continue
    }
    leads.push({
      domain: mql.domain,
      scoreAt: iso(scoreAt),
      label,
      columns: {
        origin: mql.origin,
        landing_page_id: mql.landingPage,
        first_contact_month: iso(mql.contact).slice(0, 7),
      },
    })
  }
  outcomes.sort((a, b) =>
    a.occurredAt === b.occurredAt ? compare(a.id, b.id) : a.occurredAt < b.occurredAt ? -1 : 1,
  )

  const latestContact = Math.max(...ordered.map((mql) => mql.contact))
  const latestWin = Math.max(0, ...won.values())
  const end = Math.max(latestWin, latestContact + (HORIZON_DAYS + 1) * DAY_MS)
  const asOf = (Math.floor(end / DAY_MS) + 1) * DAY_MS
  daysToWin.sort((a, b) => a - b)
  const positives = leads.filter((lead) => lead.label === 1).length
  const byMonth = new Map<string, { mqls: number; deals: number }>()
  for (const mql of ordered) {
    const month = iso(mql.contact).slice(0, 7)
    const entry = byMonth.get(month) ?? { mqls: 0, deals: 0 }
    entry.mqls += 1
    if (won.has(mql.id)) entry.deals += 1
    byMonth.set(month, entry)
  }
  const firstWin = Math.min(...won.values())
  const median = percentile(daysToWin, 50)
  const p90 = percentile(daysToWin, 90)

  return {
    accounts,
    signals,
    outcomes,
    leads,
    meta: {
      name: 'olist',
      source: {
        repo: SOURCE.repo,
        commit:
          options.commit ??
          (sha256(input[MQL_FILE]) === SOURCE.sha256[MQL_FILE] &&
          sha256(input[DEAL_FILE]) === SOURCE.sha256[DEAL_FILE]
            ? SOURCE.commit
            : null),
        files: [
          { path: MQL_FILE, sha256: sha256(input[MQL_FILE]), rows: mqlRows.length },
          { path: DEAL_FILE, sha256: sha256(input[DEAL_FILE]), rows: dealRows.length },
        ],
        upstream: SOURCE.upstream,
      },
      licence: LICENCE,
      asOf: iso(asOf),
      horizonDays: HORIZON_DAYS,
      leadDays: 7,
      leadColumns: {
        numeric: [],
        categorical: ['origin', 'landing_page_id'],
        time: ['first_contact_month'],
      },
      counts: {
        mqls: mqls.size,
        deals: won.size,
        accounts: accounts.length,
        signals: signals.length,
        outcomes: outcomes.length,
        dealsWonBeforeFirstContactDate: wonBeforeContactDate.length,
        dealsWonOnContactDayBeforeNoon: wonSameDayBeforeNoon,
        dealsWonBeforeScoreAt: wonBeforeScoreAt,
        dealsWonAfterHorizon: wonAfterHorizon,
        leads: leads.length,
        positives,
        negatives: leads.length - positives,
        daysContactToWin: {
          median: median === null ? null : round1(median),
          p90: p90 === null ? null : round1(p90),
          max: daysToWin.length === 0 ? null : round1(daysToWin.at(-1)!),
        },
        mqlsWithoutOrigin: ordered.filter((mql) => mql.origin === null).length,
        origins: countBy(ordered, (mql) => mql.origin ?? '(empty)'),
        landingPages: new Set(ordered.map((mql) => mql.landingPage)).size,
        landingPagesSeenOnce: Object.values(countBy(ordered, (mql) => mql.landingPage)).filter(
          (n) => n === 1,
        ).length,
        mqlsWithEmptyLandingPageHash: ordered.filter((mql) => mql.landingPage === MD5_OF_EMPTY)
          .length,
        contactDatesWithDayAbove12: dayAbove12,
        firstContact: iso(Math.min(...ordered.map((mql) => mql.contact))).slice(0, 10),
        lastContact: iso(latestContact).slice(0, 10),
        firstWin: won.size === 0 ? null : iso(firstWin),
        lastWin: won.size === 0 ? null : iso(latestWin),
        byContactMonth: Object.fromEntries([...byMonth.entries()].sort()),
      },
      notes: [
        `One account per MQL (domain mql-<first 16 hex digits of mql_id>.com.br, unique in the data), one form signal (action mql_form) at first_contact_date 12:00 UTC with source = origin (absent when empty) and url = ${LANDING_PAGE_HOST}<landing_page_id>, id mql-<mql_id>.`,
        `One won outcome per closed deal at won_date read as UTC, id deal-<mql_id>. The data holds no lost deals: MQLs without a deal get no outcome.`,
        `Dates: first_contact_date is DD-MM-YYYY and won_date DD-MM-YYYY HH:MM (${dayAbove12} contact dates have a first field above 12, none a second field above 12); a date that does not parse stops the conversion.`,
        `Dropped from outcomes: ${wonBeforeContactDate.length} deal(s) won on a date before the MQL's first contact (${wonBeforeContactDate.join(', ') || 'none'}). Kept: ${wonSameDayBeforeNoon} deal(s) won on the first-contact day before the 12:00 placeholder of the form signal.`,
        `leads.ndjson scores each MQL a day after its form (first contact + 1 day, 12:00 UTC); label = 1 when a deal is won within ${HORIZON_DAYS} days after that. Left out of leads.ndjson: the ${wonBeforeScoreAt} MQL(s) whose deal was won by then (already decided, incl. any dropped above). ${wonAfterHorizon} deal(s) were won more than ${HORIZON_DAYS} days after scoreAt: label 0 in leads.ndjson, still won outcomes in the book.`,
        `first_contact_month (YYYY-MM) is a time column, not a lead property: the closed-deals table starts on ${won.size === 0 ? 'n/a' : iso(firstWin).slice(0, 10)}, so MQLs of 2017 have few deals (see counts.byContactMonth). A baseline using it learns that calendar effect; report results with and without it.`,
        `Excluded as leakage (only known once a deal is closed): every closed-deal column but mql_id and won_date: ${EXCLUDED_DEAL_COLUMNS.join(', ')}.`,
        `landing_page_id ${MD5_OF_EMPTY} (the MD5 of the empty string, so probably an unknown page) is kept as it is; the raw table and the url carry it alike.`,
        'Days from contact to win are measured from the form signal (first contact 12:00 UTC) over the kept deals; percentiles are nearest-rank.',
      ],
    },
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const USAGE = `Usage: npx tsx scripts/real-data/olist.ts [--out DIR] [--in DIR | --in ${MQL_FILE} --in ${DEAL_FILE} | --repo GITDIR [--rev REV]]

Converts the Olist marketing funnel (Kaggle "Marketing Funnel by Olist") into DIR (default
data/real/olist): accounts.ndjson, signals.ndjson, outcomes.ndjson (for intent import),
leads.ndjson, meta.json. Without --in, reads both files from --repo (default ${DEFAULT_REPO}).`

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  runCli(
    USAGE,
    { out: 'data/real/olist', repo: DEFAULT_REPO },
    [MQL_FILE, DEAL_FILE],
    (inputs: Inputs) =>
      convert(
        { [MQL_FILE]: inputs.texts[MQL_FILE]!, [DEAL_FILE]: inputs.texts[DEAL_FILE]! },
        inputs.commit ? { commit: inputs.commit } : {},
      ),
  )
}
