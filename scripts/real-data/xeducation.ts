import type { SignalType } from '../../src/vocabulary.ts'
/**
 * X Education leads (Kaggle "Lead Scoring" dataset, the upGrad case study) → a book in the
 * service's import format plus the per-lead raw table a plain logistic regression is fitted on.
 *
 *   npx tsx scripts/real-data/xeducation.ts [--out data/real/xeducation] [--in Leads.csv | --repo GITDIR [--rev REV]]
 *
 * The dataset has no timestamps; only the order of leads (by Lead Number) is real, so the times
 * below are synthetic and documented in docs/real-data.md and in meta.json's notes.
 */
import { pathToFileURL } from 'node:url'
import { isCountryCode } from '../../src/ingest/countries.ts'
import {
  type AccountRecord,
  type Book,
  ConversionError,
  type ColumnValue,
  cell,
  countBy,
  DAY_MS,
  HOUR_MS,
  type Inputs,
  iso,
  type LeadRecord,
  type OutcomeRecord,
  readCsv,
  runCli,
  type SignalRecord,
  sha256,
} from './common.ts'

export const FILE = 'Leads.csv'
export const SOURCE = {
  repo: 'https://github.com/KeerthanaDS1994/LEAD-SCORING-CASE-STUDY---Keerthana-DS',
  commit: '21ddd2fcab13a907eac4425a4e5b806c5e4869e3',
  sha256: '4031a25430787dc4ec47bac0a3acb3a9140772b101ca1979e2f7aae806475ee8',
  upstream: 'https://www.kaggle.com/datasets/amritachatterjee09/lead-scoring-dataset',
}
const DEFAULT_REPO = '/work/.mirror/KeerthanaDS1994+LEAD-SCORING-CASE-STUDY---Keerthana-DS/repo'
export const LICENCE =
  'No licence stated: the GitHub copy carries none, and the Kaggle re-upload of the upGrad case-study data names no licence we could verify. Not redistributed: neither the data nor this book is committed.'

/** Lead creation instants are spread over this year by rank of Lead Number. */
const FIRST_DAY = Date.UTC(2025, 0, 1)
const SPREAD_DAYS = 364
const CREATED_HOUR = 9
/** Web activity falls on days 0..20 after creation; Last Activity on day 21; the outcome on day 28. */
const VISIT_SPAN_DAYS = 20
const LAST_ACTIVITY_DAYS = 21
const OUTCOME_DAYS = 28
/** A lead is scored an hour after its last activity: 7 days minus an hour before its outcome. */
const SCORE_AFTER_MS = LAST_ACTIVITY_DAYS * DAY_MS + HOUR_MS
/** Page views follow the visit they belong to by a minute. */
const PAGE_VIEW_LAG_MS = 60_000

/** Account attributes, under the CSV's own column names. */
export const ATTRIBUTE_COLUMNS = [
  'Lead Origin',
  'Lead Source',
  'Do Not Email',
  'Do Not Call',
  'Specialization',
  'How did you hear about X Education',
  'What is your current occupation',
  'What matters most to you in choosing a course',
  'Search',
  'Magazine',
  'Newspaper Article',
  'X Education Forums',
  'Newspaper',
  'Digital Advertisement',
  'Through Recommendations',
  'Receive More Updates About Our Courses',
  'Update me on Supply Chain Content',
  'Get updates on DM Content',
  'I agree to pay the amount through cheque',
  'A free copy of Mastering The Interview',
  'City',
] as const

const NUMERIC_COLUMNS = ['TotalVisits', 'Total Time Spent on Website', 'Page Views Per Visit']

/** Filled in by the sales team after contact (or an identifier): never read. */
export const EXCLUDED_COLUMNS = [
  'Prospect ID',
  'Tags',
  'Lead Quality',
  'Lead Profile',
  'Asymmetrique Activity Index',
  'Asymmetrique Profile Index',
  'Asymmetrique Activity Score',
  'Asymmetrique Profile Score',
  'Last Notable Activity',
] as const

const REQUIRED = [
  'Lead Number',
  'Converted',
  ...NUMERIC_COLUMNS,
  'Last Activity',
  'Country',
  ...ATTRIBUTE_COLUMNS,
]

/** Last Activity → signal type. A value not listed is kept as `email` and named in the notes. */
export const LAST_ACTIVITY_TYPES: Readonly<Record<string, SignalType>> = {
  'Email Opened': 'email',
  'Email Link Clicked': 'email',
  'Email Bounced': 'email',
  Unsubscribed: 'email',
  'SMS Sent': 'email',
  'Email Received': 'email',
  'Email Marked Spam': 'email',
  'View in browser link Clicked': 'email',
  'Resubscribed to emails': 'email',
  'Had a Phone Conversation': 'meeting',
  'Approached upfront': 'meeting',
  'Olark Chat Conversation': 'meeting',
  'Form Submitted on Website': 'form',
  'Converted to Lead': 'form',
  'Page Visited on Website': 'web_visit',
  'Visited Booth in Tradeshow': 'trade_show',
}
const UNKNOWN_ACTIVITY_TYPE: SignalType = 'email'

/** Country names as the data spells them that the ICU region names do not. */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  'hong kong': 'HK',
  'united states': 'US',
  'united kingdom': 'GB',
}

/** English region name (lower case) → ISO 3166-1 alpha-2, from ICU, codes the service accepts. */
function countryTable(): Map<string, string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  const table = new Map<string, string>()
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      if (!isCountryCode(code)) continue
      let name: string | undefined
      try {
        name = names.of(code)
      } catch {
        continue
      }
      if (name && !table.has(name.toLowerCase())) table.set(name.toLowerCase(), code)
    }
  }
  for (const [name, code] of Object.entries(COUNTRY_ALIASES)) table.set(name, code)
  return table
}

let countries: Map<string, string> | undefined
/** The ISO code of a country name, or undefined (`unknown`, `Asia/Pacific Region`, empty). */
export function countryCode(name: string): string | undefined {
  countries ??= countryTable()
  return countries.get(name.trim().toLowerCase())
}

/** An answered value: empty cells and the unanswered drop-down `Select` are none. */
function answered(raw: string): string | null {
  return raw.trim() === '' || raw.trim() === 'Select' ? null : raw
}

function numberOf(raw: string, column: string, line: number): number | null {
  if (raw.trim() === '') return null
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0)
    throw new ConversionError(`${FILE} line ${line}: ${column} '${raw}' is not a number ≥ 0`)
  return value
}

/** `n` instants spread evenly from `start` to `start + span` (both ends when n > 1), whole seconds. */
function spread(start: number, spanMs: number, n: number): number[] {
  return Array.from(
    { length: n },
    (_, i) => start + (n === 1 ? 0 : Math.round((i * spanMs) / (n - 1) / 1000) * 1000),
  )
}

interface Lead {
  line: number
  number: number
  row: Record<string, string>
}

export function convert(input: { [FILE]: string }, options: { commit?: string } = {}): Book {
  const text = input[FILE]
  const rows = readCsv(text, FILE, REQUIRED)
  const leads: Lead[] = rows.map((row, index) => {
    const line = index + 2
    const raw = cell(row, 'Lead Number')
    if (!/^\d+$/.test(raw))
      throw new ConversionError(`${FILE} line ${line}: Lead Number '${raw}' is not a number`)
    const converted = cell(row, 'Converted')
    if (converted !== '0' && converted !== '1')
      throw new ConversionError(`${FILE} line ${line}: Converted '${converted}' is not 0 or 1`)
    return { line, number: Number(raw), row }
  })
  leads.sort((a, b) => a.number - b.number)
  for (let i = 1; i < leads.length; i++) {
    if (leads[i]!.number === leads[i - 1]!.number)
      throw new ConversionError(`${FILE}: Lead Number ${leads[i]!.number} appears twice`)
  }

  const accounts: AccountRecord[] = []
  const signals: SignalRecord[] = []
  const outcomes: OutcomeRecord[] = []
  const table: LeadRecord[] = []
  const unknownActivities: string[] = []
  const unmappedCountries: string[] = []
  let withoutVisits = 0
  let withoutActivity = 0
  let timeWithoutVisits = 0
  let maxVisits = 0
  let maxPageViews = 0
  let maxSignals = 0

  leads.forEach((lead, rank) => {
    const { row, line, number } = lead
    const domain = `xed-${number}.com`
    const created =
      FIRST_DAY + Math.floor((rank * SPREAD_DAYS) / leads.length) * DAY_MS + CREATED_HOUR * HOUR_MS

    const account: AccountRecord = { domain, name: `Lead ${number}` }
    const country = cell(row, 'Country')
    const code = countryCode(country)
    if (code) account.country = code
    else if (answered(country) !== null) unmappedCountries.push(country)
    const attributes: Record<string, string> = {}
    for (const column of ATTRIBUTE_COLUMNS) {
      const value = answered(cell(row, column))
      if (value !== null) attributes[column] = value
    }
    if (Object.keys(attributes).length > 0) account.attributes = attributes
    accounts.push(account)

    // The lead's creation is an event of its own (how it came in, from where): without it a
    // lead with no web visits would first appear at its last activity, three weeks late.
    const origin = answered(cell(row, 'Lead Origin'))
    const source = answered(cell(row, 'Lead Source'))
    signals.push({
      id: `xed-${number}-created`,
      type: 'form',
      account: domain,
      action: `lead created: ${origin ?? 'unknown origin'}`,
      occurredAt: iso(created),
      ...(source === null ? {} : { source }),
    })

    const visits = numberOf(cell(row, 'TotalVisits'), 'TotalVisits', line)
    const seconds = numberOf(
      cell(row, 'Total Time Spent on Website'),
      'Total Time Spent on Website',
      line,
    )
    const perVisit = numberOf(cell(row, 'Page Views Per Visit'), 'Page Views Per Visit', line)
    if (visits !== null && !Number.isInteger(visits))
      throw new ConversionError(`${FILE} line ${line}: TotalVisits ${visits} is not whole`)
    if (visits === null) withoutVisits += 1
    // Time on the website was spent in at least one visit: a lead with time but no visit count
    // gets one visit carrying that time, so the book holds what the raw table holds.
    const timeOnly = (visits ?? 0) === 0 && (seconds ?? 0) > 0
    if (timeOnly) timeWithoutVisits += 1
    const visitCount = timeOnly ? 1 : (visits ?? 0)
    const duration = visitCount > 0 && seconds !== null ? Math.round(seconds / visitCount) : 0
    const pageViews = Math.max(0, Math.round(visitCount * (perVisit ?? 0)) - visitCount)
    const span = VISIT_SPAN_DAYS * DAY_MS
    spread(created, span, visitCount).forEach((at, i) => {
      signals.push({
        id: `xed-${number}-visit-${i + 1}`,
        type: 'web_visit',
        account: domain,
        action: 'visit',
        occurredAt: iso(at),
        ...(duration > 0 ? { durationSeconds: duration } : {}),
        source: 'website',
      })
    })
    spread(created + PAGE_VIEW_LAG_MS, span, pageViews).forEach((at, i) => {
      signals.push({
        id: `xed-${number}-page-view-${i + 1}`,
        type: 'web_visit',
        account: domain,
        action: 'page_view',
        occurredAt: iso(at),
        source: 'website',
      })
    })
    maxVisits = Math.max(maxVisits, visitCount)
    maxPageViews = Math.max(maxPageViews, pageViews)

    const activity = answered(cell(row, 'Last Activity'))
    if (activity === null) {
      withoutActivity += 1
    } else {
      const type = LAST_ACTIVITY_TYPES[activity]
      if (type === undefined) unknownActivities.push(activity)
      signals.push({
        id: `xed-${number}-last-activity`,
        type: type ?? UNKNOWN_ACTIVITY_TYPE,
        account: domain,
        action: activity.trim(),
        occurredAt: iso(created + LAST_ACTIVITY_DAYS * DAY_MS),
        source: 'crm',
      })
    }
    maxSignals = Math.max(maxSignals, 1 + visitCount + pageViews + (activity === null ? 0 : 1))

    const label = cell(row, 'Converted') === '1' ? 1 : 0
    outcomes.push({
      id: `xed-${number}-outcome`,
      account: domain,
      type: label === 1 ? 'won' : 'lost',
      occurredAt: iso(created + OUTCOME_DAYS * DAY_MS),
    })

    const columns: Record<string, ColumnValue> = {
      TotalVisits: visits,
      'Total Time Spent on Website': seconds,
      'Page Views Per Visit': perVisit,
      'Last Activity': activity,
      Country: answered(country),
    }
    for (const column of ATTRIBUTE_COLUMNS) columns[column] = answered(cell(row, column))
    table.push({ domain, scoreAt: iso(created + SCORE_AFTER_MS), label, columns })
  })

  signals.sort((a, b) =>
    a.occurredAt === b.occurredAt ? compare(a.id, b.id) : a.occurredAt < b.occurredAt ? -1 : 1,
  )
  const latestOutcome = Math.max(...outcomes.map((outcome) => Date.parse(outcome.occurredAt)))
  const positives = table.filter((lead) => lead.label === 1).length
  const unknown = countBy(unknownActivities, (value) => value)
  const unmapped = countBy(unmappedCountries, (value) => value)
  const header = Object.keys(rows[0]!)
  const ignored = header.filter(
    (column) =>
      !REQUIRED.includes(column) && !(EXCLUDED_COLUMNS as readonly string[]).includes(column),
  )

  return {
    accounts,
    signals,
    outcomes,
    leads: table,
    meta: {
      name: 'xeducation',
      source: {
        repo: SOURCE.repo,
        commit: options.commit ?? (sha256(text) === SOURCE.sha256 ? SOURCE.commit : null),
        files: [{ path: FILE, sha256: sha256(text), rows: rows.length }],
        upstream: SOURCE.upstream,
      },
      licence: LICENCE,
      asOf: iso(latestOutcome + DAY_MS),
      horizonDays: 90,
      leadDays: 7,
      leadColumns: {
        numeric: NUMERIC_COLUMNS,
        categorical: ['Last Activity', 'Country', ...ATTRIBUTE_COLUMNS],
        time: [],
      },
      counts: {
        leads: leads.length,
        accounts: accounts.length,
        signals: signals.length,
        signalsByAction: countBy(signals, (signal) =>
          signal.source === 'crm' ? 'last_activity' : signal.action,
        ),
        signalsByType: countBy(signals, (signal) => signal.type),
        outcomes: countBy(outcomes, (outcome) => outcome.type),
        positives,
        negatives: table.length - positives,
        accountsWithCountry: accounts.filter((account) => account.country).length,
        unmappedCountries: unmapped,
        leadsWithoutTotalVisits: withoutVisits,
        leadsWithTimeOnSiteButNoVisits: timeWithoutVisits,
        leadsWithoutLastActivity: withoutActivity,
        lastActivitiesNotInTable: unknown,
        maxVisitsPerLead: maxVisits,
        maxPageViewsPerLead: maxPageViews,
        maxSignalsPerLead: maxSignals,
      },
      notes: [
        'Synthetic times: the dataset has no timestamps, only the order of leads by Lead Number is real. Lead i of N (by Lead Number) is created at 09:00 UTC on 2025-01-01 + floor(i × 364 / N) days.',
        `Web activity: TotalVisits web_visit signals (action visit, source website, durationSeconds = round(Total Time Spent on Website / TotalVisits), omitted when 0) and round(TotalVisits × Page Views Per Visit) − TotalVisits web_visit signals (action page_view, one minute later in the same spread), each spread evenly over days 0..${VISIT_SPAN_DAYS} after creation. Nothing is capped: at most ${maxVisits} visits, ${maxPageViews} page views and ${maxSignals} signals for one lead.`,
        'Creation: one form signal at creation, action "lead created: <Lead Origin>", source = Lead Source (Lead Origin and Lead Source also stay account attributes, as CRM fields).',
        `Last Activity: one signal at creation + ${LAST_ACTIVITY_DAYS} days, type by the table in docs/real-data.md, action = the Last Activity text, source crm. ${withoutActivity} leads have no Last Activity (no signal). Values not in the table, kept as ${UNKNOWN_ACTIVITY_TYPE}: ${
          Object.entries(unknown)
            .map(([value, n]) => `${value} (${n})`)
            .join(', ') || 'none'
        }.`,
        `Outcomes: won (Converted = 1) or lost at creation + ${OUTCOME_DAYS} days. leads.ndjson scores each lead at creation + ${LAST_ACTIVITY_DAYS} days + 1 hour (after its last activity, 7 days less an hour before its outcome); label = Converted.`,
        `Missing or zero TotalVisits: ${withoutVisits} leads have no visit count; the ${timeWithoutVisits} that still report Total Time Spent on Website get one visit carrying that time (on day 0), the others no web activity.`,
        `Country: ISO 3166-1 alpha-2 from the English region names (plus aliases ${Object.keys(COUNTRY_ALIASES).join(', ')}); not mapped, so no account country: ${
          Object.entries(unmapped)
            .map(([value, n]) => `${value} (${n})`)
            .join(', ') || 'none'
        }. The raw table keeps the text.`,
        'Account attributes and the raw table use the CSV column names; Select (an unanswered drop-down) and empty cells are absent from attributes and null in the raw table.',
        `Excluded as leakage, filled in by the sales team after contact: ${EXCLUDED_COLUMNS.filter((column) => column !== 'Prospect ID').join(', ')}. Prospect ID is an identifier (Lead Number is used instead). Converted is the label.`,
        ...(ignored.length > 0
          ? [
              `Columns neither used nor excluded by name (ignored): ${ignored.map((column) => (column === '' ? '(the unnamed empty column from the trailing comma)' : column)).join(', ')}.`,
            ]
          : []),
      ],
    },
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const USAGE = `Usage: npx tsx scripts/real-data/xeducation.ts [--out DIR] [--in Leads.csv | --repo GITDIR [--rev REV]]

Converts the X Education leads (Kaggle "Lead Scoring") into DIR (default data/real/xeducation):
accounts.ndjson, signals.ndjson, outcomes.ndjson (for intent import), leads.ndjson, meta.json.
Without --in, reads ${FILE} from --repo (default ${DEFAULT_REPO}).`

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  runCli(USAGE, { out: 'data/real/xeducation', repo: DEFAULT_REPO }, [FILE], (inputs: Inputs) =>
    convert({ [FILE]: inputs.texts[FILE]! }, inputs.commit ? { commit: inputs.commit } : {}),
  )
}
