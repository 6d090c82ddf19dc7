import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Book, readInputs, serialize } from '../../scripts/real-data/common.ts'
import * as olist from '../../scripts/real-data/olist.ts'
import { importSchemas, validateBook } from '../../scripts/real-data/validate.ts'
import * as xed from '../../scripts/real-data/xeducation.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A CSV line, quoting what needs it. */
const csvLine = (cells: readonly string[]) =>
  cells
    .map((value) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value))
    .join(',')

// ─── X Education ────────────────────────────────────────────────────────────────────────────────

/** The real header, with its trailing comma (an unnamed empty column). */
const XED_HEADER = [
  'Prospect ID',
  'Lead Number',
  'Lead Origin',
  'Lead Source',
  'Do Not Email',
  'Do Not Call',
  'Converted',
  'TotalVisits',
  'Total Time Spent on Website',
  'Page Views Per Visit',
  'Last Activity',
  'Country',
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
  'Tags',
  'Lead Quality',
  'Update me on Supply Chain Content',
  'Get updates on DM Content',
  'Lead Profile',
  'City',
  'Asymmetrique Activity Index',
  'Asymmetrique Profile Index',
  'Asymmetrique Activity Score',
  'Asymmetrique Profile Score',
  'I agree to pay the amount through cheque',
  'A free copy of Mastering The Interview',
  'Last Notable Activity',
  '',
]

const NO_FLAGS = Object.fromEntries(
  [
    'Do Not Email',
    'Do Not Call',
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
  ].map((column) => [column, 'No']),
)

/** Leaky values planted in every row: none may appear in any output. */
const LEAKY = {
  Tags: 'LEAK Closed by Horizzon',
  'Lead Quality': 'LEAK High in Relevance',
  'Lead Profile': 'LEAK Potential Lead',
  'Asymmetrique Activity Index': 'LEAK 01.High',
  'Asymmetrique Profile Index': 'LEAK 02.Medium',
  'Asymmetrique Activity Score': '9917',
  'Asymmetrique Profile Score': '9918',
  'Last Notable Activity': 'LEAK Modified',
}

const xedRow = (number: string, values: Record<string, string>) =>
  csvLine(
    XED_HEADER.map((column) => {
      if (column === 'Prospect ID') return `prospect-${number}-LEAK`
      if (column === 'Lead Number') return number
      return values[column] ?? NO_FLAGS[column] ?? LEAKY[column as keyof typeof LEAKY] ?? ''
    }),
  )

const XED_CSV = `${[
  csvLine(XED_HEADER),
  xedRow('660737', {
    'Lead Origin': 'API',
    'Lead Source': 'Olark Chat',
    Converted: '0',
    TotalVisits: '0',
    'Total Time Spent on Website': '0',
    'Page Views Per Visit': '0',
    'Last Activity': 'Page Visited on Website',
    Specialization: 'Select',
    'How did you hear about X Education': 'Select',
    'What is your current occupation': 'Unemployed',
    'What matters most to you in choosing a course': 'Better Career Prospects',
    City: 'Select',
  }),
  xedRow('660728', {
    'Lead Origin': 'API',
    'Lead Source': 'Organic Search',
    Converted: '0',
    TotalVisits: '5',
    'Total Time Spent on Website': '674',
    'Page Views Per Visit': '2.5',
    'Last Activity': 'Email Opened',
    Country: 'India',
    Specialization: 'Banking, Investment And Insurance',
  }),
  xedRow('660727', {
    'Lead Origin': 'Landing Page Submission',
    'Lead Source': 'Direct Traffic',
    Converted: '1',
    TotalVisits: '',
    'Total Time Spent on Website': '1096',
    'Page Views Per Visit': '',
    'Last Activity': 'Unreachable',
    Country: 'unknown',
    Specialization: 'Business Administration',
  }),
  xedRow('660719', {
    'Lead Origin': 'Landing Page Submission',
    'Lead Source': 'Google',
    'Do Not Email': 'Yes',
    Converted: '1',
    TotalVisits: '1',
    'Total Time Spent on Website': '305',
    'Page Views Per Visit': '1',
    'Last Activity': '',
    Country: 'United States',
    City: 'Mumbai',
    'A free copy of Mastering The Interview': 'Yes',
  }),
].join('\n')}\n`

/** Every record of a book as the service's import would read it, or the problems. */
function expectValid(book: Book): void {
  const { problems } = validateBook(book)
  expect(problems).toEqual([])
}

const byId = <T extends { id: string }>(records: T[]) => new Map(records.map((r) => [r.id, r]))
const leadOf = (book: Book, domain: string) => book.leads.find((lead) => lead.domain === domain)!

describe('X Education converter', () => {
  let book: Book
  beforeAll(() => {
    book = xed.convert({ [xed.FILE]: XED_CSV })
  })

  it('makes one account per lead, in Lead Number order, with its country and answered attributes', () => {
    expect(book.accounts.map((account) => account.domain)).toEqual([
      'xed-660719.com',
      'xed-660727.com',
      'xed-660728.com',
      'xed-660737.com',
    ])
    expect(book.accounts[0]).toEqual({
      domain: 'xed-660719.com',
      name: 'Lead 660719',
      country: 'US',
      attributes: {
        'Lead Origin': 'Landing Page Submission',
        'Lead Source': 'Google',
        ...NO_FLAGS,
        'Do Not Email': 'Yes',
        'A free copy of Mastering The Interview': 'Yes',
        City: 'Mumbai',
      },
    })
    // `unknown` maps to no country; `Select` and empty cells are absent keys.
    expect(book.accounts[1]!.country).toBeUndefined()
    expect(book.accounts[2]!.country).toBe('IN')
    expect(book.accounts[2]!.attributes!.Specialization).toBe('Banking, Investment And Insurance')
    const select = book.accounts[3]!
    expect(select.country).toBeUndefined()
    expect(Object.keys(select.attributes!)).not.toContain('Specialization')
    expect(Object.keys(select.attributes!)).not.toContain('How did you hear about X Education')
    expect(Object.keys(select.attributes!)).not.toContain('City')
    expect(select.attributes!['What is your current occupation']).toBe('Unemployed')
    // Attribute keys keep the CSV's column order.
    expect(Object.keys(book.accounts[0]!.attributes!)).toEqual(
      xed.ATTRIBUTE_COLUMNS.filter((column) => column in book.accounts[0]!.attributes!),
    )
  })

  it('places leads evenly over 2025 by rank, with visits, page views, the last activity and the outcome', () => {
    const signals = byId(book.signals)
    // Rank 0 of 4: 2025-01-01 09:00; its creation, one visit, no page view (round(1 × 1) − 1 =
    // 0), no Last Activity.
    expect(book.signals.filter((s) => s.account === 'xed-660719.com')).toEqual([
      {
        id: 'xed-660719-created',
        type: 'form',
        account: 'xed-660719.com',
        action: 'lead created: Landing Page Submission',
        occurredAt: '2025-01-01T09:00:00Z',
        source: 'Google',
      },
      {
        id: 'xed-660719-visit-1',
        type: 'web_visit',
        account: 'xed-660719.com',
        action: 'visit',
        occurredAt: '2025-01-01T09:00:00Z',
        durationSeconds: 305,
        source: 'website',
      },
    ])
    // Rank 1: day floor(1 × 364 / 4) = 91 → 2025-04-02; empty TotalVisits but 1096 s on the
    // website → one visit carrying that time on day 0; the unknown Last Activity becomes an
    // email signal at + 21 days.
    expect(book.signals.filter((s) => s.account === 'xed-660727.com')).toEqual([
      {
        id: 'xed-660727-created',
        type: 'form',
        account: 'xed-660727.com',
        action: 'lead created: Landing Page Submission',
        occurredAt: '2025-04-02T09:00:00Z',
        source: 'Direct Traffic',
      },
      {
        id: 'xed-660727-visit-1',
        type: 'web_visit',
        account: 'xed-660727.com',
        action: 'visit',
        occurredAt: '2025-04-02T09:00:00Z',
        durationSeconds: 1096,
        source: 'website',
      },
      {
        id: 'xed-660727-last-activity',
        type: 'email',
        account: 'xed-660727.com',
        action: 'Unreachable',
        occurredAt: '2025-04-23T09:00:00Z',
        source: 'crm',
      },
    ])
    // Rank 2: day 182 → 2025-07-02; 5 visits on days 0, 5, 10, 15, 20 of round(674 / 5) = 135 s,
    // round(5 × 2.5) − 5 = 8 page views spread over the same days, a minute later.
    const visits = book.signals.filter(
      (s) => s.account === 'xed-660728.com' && s.action === 'visit',
    )
    expect(visits.map((s) => [s.occurredAt, s.durationSeconds])).toEqual([
      ['2025-07-02T09:00:00Z', 135],
      ['2025-07-07T09:00:00Z', 135],
      ['2025-07-12T09:00:00Z', 135],
      ['2025-07-17T09:00:00Z', 135],
      ['2025-07-22T09:00:00Z', 135],
    ])
    const views = book.signals.filter(
      (s) => s.account === 'xed-660728.com' && s.action === 'page_view',
    )
    expect(views).toHaveLength(8)
    expect(views.every((s) => s.type === 'web_visit' && s.source === 'website')).toBe(true)
    expect(views.every((s) => s.durationSeconds === undefined)).toBe(true)
    expect(views[0]!.occurredAt).toBe('2025-07-02T09:01:00Z')
    expect(views[7]!.occurredAt).toBe('2025-07-22T09:01:00Z')
    expect(signals.get('xed-660728-last-activity')).toMatchObject({
      type: 'email',
      action: 'Email Opened',
      occurredAt: '2025-07-23T09:00:00Z',
    })
    // Rank 3: day 273 → 2025-10-01; created through the API from Olark Chat, no visits; Page
    // Visited on Website is a web_visit.
    expect(book.signals.filter((s) => s.account === 'xed-660737.com')).toEqual([
      {
        id: 'xed-660737-created',
        type: 'form',
        account: 'xed-660737.com',
        action: 'lead created: API',
        occurredAt: '2025-10-01T09:00:00Z',
        source: 'Olark Chat',
      },
      {
        id: 'xed-660737-last-activity',
        type: 'web_visit',
        account: 'xed-660737.com',
        action: 'Page Visited on Website',
        occurredAt: '2025-10-22T09:00:00Z',
        source: 'crm',
      },
    ])
    // The file is in time order.
    const times = book.signals.map((s) => s.occurredAt)
    expect(times).toEqual([...times].sort())

    expect(book.outcomes).toEqual([
      {
        id: 'xed-660719-outcome',
        account: 'xed-660719.com',
        type: 'won',
        occurredAt: '2025-01-29T09:00:00Z',
      },
      {
        id: 'xed-660727-outcome',
        account: 'xed-660727.com',
        type: 'won',
        occurredAt: '2025-04-30T09:00:00Z',
      },
      {
        id: 'xed-660728-outcome',
        account: 'xed-660728.com',
        type: 'lost',
        occurredAt: '2025-07-30T09:00:00Z',
      },
      {
        id: 'xed-660737-outcome',
        account: 'xed-660737.com',
        type: 'lost',
        occurredAt: '2025-10-29T09:00:00Z',
      },
    ])
  })

  it('writes the raw table: scored an hour after the last activity, label Converted, raw columns', () => {
    expect(book.leads.map((lead) => [lead.domain, lead.scoreAt, lead.label])).toEqual([
      ['xed-660719.com', '2025-01-22T10:00:00Z', 1],
      ['xed-660727.com', '2025-04-23T10:00:00Z', 1],
      ['xed-660728.com', '2025-07-23T10:00:00Z', 0],
      ['xed-660737.com', '2025-10-22T10:00:00Z', 0],
    ])
    expect(leadOf(book, 'xed-660727.com').columns).toEqual({
      TotalVisits: null,
      'Total Time Spent on Website': 1096,
      'Page Views Per Visit': null,
      'Last Activity': 'Unreachable',
      Country: 'unknown',
      'Lead Origin': 'Landing Page Submission',
      'Lead Source': 'Direct Traffic',
      ...NO_FLAGS,
      Specialization: 'Business Administration',
      'How did you hear about X Education': null,
      'What is your current occupation': null,
      'What matters most to you in choosing a course': null,
      City: null,
    })
    const select = leadOf(book, 'xed-660737.com').columns
    expect(select.Specialization).toBeNull()
    expect(select.City).toBeNull()
    expect(select.Country).toBeNull()
    expect(select['Page Views Per Visit']).toBe(0)
    expect(leadOf(book, 'xed-660719.com').columns['Last Activity']).toBeNull()
    expect(leadOf(book, 'xed-660728.com').columns['Page Views Per Visit']).toBe(2.5)
    // Same columns, same order, on every lead, and exactly the meta's numeric + categorical ones.
    const keys = [...book.meta.leadColumns.numeric, ...book.meta.leadColumns.categorical]
    for (const lead of book.leads) expect(Object.keys(lead.columns).sort()).toEqual(keys.sort())
  })

  it('leaves the sales-team columns and the identifier out of every file', () => {
    const files = serialize(book)
    for (const [name, content] of Object.entries(files)) {
      if (name === 'meta.json') continue
      expect(content).not.toContain('LEAK')
      expect(content).not.toContain('9917')
      expect(content).not.toContain('9918')
      for (const column of xed.EXCLUDED_COLUMNS) expect(content).not.toContain(`"${column}"`)
    }
    expect(book.meta.notes.join(' ')).toContain('Tags, Lead Quality, Lead Profile')
  })

  it('describes the book in meta', () => {
    expect(book.meta).toMatchObject({
      name: 'xeducation',
      asOf: '2025-10-30T09:00:00Z',
      horizonDays: 90,
      leadDays: 7,
      // Not the pinned Leads.csv, so no commit is claimed.
      source: { commit: null, files: [{ path: 'Leads.csv', rows: 4 }] },
      counts: {
        leads: 4,
        signals: 4 + 1 + 1 + 1 + 5 + 8 + 1 + 1,
        outcomes: { won: 2, lost: 2 },
        positives: 2,
        leadsWithoutTotalVisits: 1,
        leadsWithoutLastActivity: 1,
        lastActivitiesNotInTable: { Unreachable: 1 },
        unmappedCountries: { unknown: 1 },
        maxVisitsPerLead: 5,
        maxPageViewsPerLead: 8,
      },
    })
    expect(book.meta.notes.some((note) => note.includes('Unreachable (1)'))).toBe(true)
    expect(xed.convert({ [xed.FILE]: XED_CSV }, { commit: 'abc' }).meta.source.commit).toBe('abc')
  })

  it('produces only records the service accepts', () => {
    expectValid(book)
  })

  it('is deterministic', () => {
    expect(serialize(xed.convert({ [xed.FILE]: XED_CSV }))).toEqual(serialize(book))
  })

  it('fails loudly on bad input', () => {
    expect(() => xed.convert({ [xed.FILE]: XED_CSV.replace(',5,674,', ',five,674,') })).toThrow(
      /TotalVisits 'five'/,
    )
    expect(() => xed.convert({ [xed.FILE]: XED_CSV.replaceAll('660737', '660728') })).toThrow(
      /appears twice/,
    )
    expect(() => xed.convert({ [xed.FILE]: 'Lead Number,Converted\n1,0\n' })).toThrow(
      /missing column/,
    )
  })

  it('maps every country name of the real data', () => {
    const expected: Record<string, string> = {
      India: 'IN',
      'United States': 'US',
      'United Arab Emirates': 'AE',
      Singapore: 'SG',
      'Saudi Arabia': 'SA',
      'United Kingdom': 'GB',
      Australia: 'AU',
      Qatar: 'QA',
      Bahrain: 'BH',
      'Hong Kong': 'HK',
      Oman: 'OM',
      France: 'FR',
      Kuwait: 'KW',
      Canada: 'CA',
      Nigeria: 'NG',
      Germany: 'DE',
      'South Africa': 'ZA',
      Sweden: 'SE',
      Ghana: 'GH',
      Belgium: 'BE',
      China: 'CN',
      Netherlands: 'NL',
      Uganda: 'UG',
      Italy: 'IT',
      Philippines: 'PH',
      Bangladesh: 'BD',
      Russia: 'RU',
      'Sri Lanka': 'LK',
      Kenya: 'KE',
      Tanzania: 'TZ',
      Malaysia: 'MY',
      Liberia: 'LR',
      Switzerland: 'CH',
      Denmark: 'DK',
      Vietnam: 'VN',
      Indonesia: 'ID',
    }
    for (const [name, code] of Object.entries(expected))
      expect([name, xed.countryCode(name)]).toEqual([name, code])
    expect(xed.countryCode('unknown')).toBeUndefined()
    expect(xed.countryCode('Asia/Pacific Region')).toBeUndefined()
  })
})

// ─── Olist ──────────────────────────────────────────────────────────────────────────────────────

const id = (digit: string) => digit.repeat(32)
const LP1 = '88740e65d5d6b056e0cda098e1ea6313'
const LP2 = '007f9098284a86ee80ddeb25d53e0af8'

const MQL_CSV = `${[
  'mql_id,first_contact_date,landing_page_id,origin',
  `${id('a')},01-02-2018,${LP1},social`, // won 19 days later: positive
  `${id('b')},20-10-2017,${LP2},`, // no deal, no origin
  `${id('c')},13-03-2018,${LP1},paid_search`, // won the same day at 03:00: kept, not a lead
  `${id('d')},08-03-2018,${LP2},email`, // won two days before first contact: dropped
  `${id('e')},05-01-2018,${LP2},organic_search`, // won after the 180-day horizon
].join('\n')}\n`

const DEAL_HEADER =
  'mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,lead_type,lead_behaviour_profile,has_company,has_gtin,average_stock,business_type,declared_product_catalog_size,declared_monthly_revenue'
const deal = (mql: string, won: string) =>
  `${mql},SELLERLEAK,SDRLEAK,SRLEAK,${won},pet_LEAK,online_LEAK,cat_LEAK,TRUE,FALSE,5-20,reseller_LEAK,777,987654`
const DEAL_CSV = `${[
  DEAL_HEADER,
  deal(id('a'), '20-02-2018 10:30'),
  deal(id('c'), '13-03-2018 03:00'),
  deal(id('d'), '06-03-2018 19:38'),
  deal(id('e'), '15-12-2018 08:00'),
].join('\n')}\n`

const olistInput = (mqls = MQL_CSV, deals = DEAL_CSV) => ({
  [olist.MQL_FILE]: mqls,
  [olist.DEAL_FILE]: deals,
})

describe('Olist converter', () => {
  let book: Book
  beforeAll(() => {
    book = olist.convert(olistInput())
  })

  it('makes one account and one form signal per MQL, in contact order', () => {
    expect(book.accounts).toEqual([
      { domain: `mql-${'b'.repeat(16)}.com.br`, name: 'MQL bbbbbbbb' },
      { domain: `mql-${'e'.repeat(16)}.com.br`, name: 'MQL eeeeeeee' },
      { domain: `mql-${'a'.repeat(16)}.com.br`, name: 'MQL aaaaaaaa' },
      { domain: `mql-${'d'.repeat(16)}.com.br`, name: 'MQL dddddddd' },
      { domain: `mql-${'c'.repeat(16)}.com.br`, name: 'MQL cccccccc' },
    ])
    expect(book.signals[0]).toEqual({
      id: `mql-${id('b')}`,
      type: 'form',
      account: `mql-${'b'.repeat(16)}.com.br`,
      action: 'mql_form',
      occurredAt: '2017-10-20T12:00:00Z',
      url: `https://lp.olist.com/${LP2}`,
    })
    expect(book.signals[2]).toEqual({
      id: `mql-${id('a')}`,
      type: 'form',
      account: `mql-${'a'.repeat(16)}.com.br`,
      action: 'mql_form',
      occurredAt: '2018-02-01T12:00:00Z',
      source: 'social',
      url: `https://lp.olist.com/${LP1}`,
    })
  })

  it('turns closed deals into won outcomes, dropping the one won before its first contact', () => {
    expect(book.outcomes).toEqual([
      {
        id: `deal-${id('a')}`,
        account: `mql-${'a'.repeat(16)}.com.br`,
        type: 'won',
        occurredAt: '2018-02-20T10:30:00Z',
      },
      {
        id: `deal-${id('c')}`,
        account: `mql-${'c'.repeat(16)}.com.br`,
        type: 'won',
        occurredAt: '2018-03-13T03:00:00Z',
      },
      {
        id: `deal-${id('e')}`,
        account: `mql-${'e'.repeat(16)}.com.br`,
        type: 'won',
        occurredAt: '2018-12-15T08:00:00Z',
      },
    ])
    expect(book.outcomes.some((outcome) => outcome.type !== 'won')).toBe(false)
  })

  it('writes the raw table: scored a day after the form, label = won within 180 days', () => {
    expect(book.leads).toEqual([
      {
        domain: `mql-${'b'.repeat(16)}.com.br`,
        scoreAt: '2017-10-21T12:00:00Z',
        label: 0,
        columns: { origin: null, landing_page_id: LP2, first_contact_month: '2017-10' },
      },
      {
        domain: `mql-${'e'.repeat(16)}.com.br`,
        scoreAt: '2018-01-06T12:00:00Z',
        label: 0,
        columns: { origin: 'organic_search', landing_page_id: LP2, first_contact_month: '2018-01' },
      },
      {
        domain: `mql-${'a'.repeat(16)}.com.br`,
        scoreAt: '2018-02-02T12:00:00Z',
        label: 1,
        columns: { origin: 'social', landing_page_id: LP1, first_contact_month: '2018-02' },
      },
    ])
  })

  it('leaves every closed-deal column but mql_id and won_date out of every file', () => {
    for (const [name, content] of Object.entries(serialize(book))) {
      if (name === 'meta.json') continue
      expect(content).not.toMatch(/LEAK|987654|777|5-20|TRUE/)
      for (const column of olist.EXCLUDED_DEAL_COLUMNS) expect(content).not.toContain(column)
    }
  })

  it('describes the book in meta', () => {
    expect(book.meta).toMatchObject({
      name: 'olist',
      // The latest win (2018-12-15 08:00) is later than the latest contact + 181 days.
      asOf: '2018-12-16T00:00:00Z',
      horizonDays: 180,
      leadDays: 7,
      leadColumns: { time: ['first_contact_month'] },
      counts: {
        mqls: 5,
        deals: 4,
        outcomes: 3,
        dealsWonBeforeFirstContactDate: 1,
        dealsWonOnContactDayBeforeNoon: 1,
        dealsWonBeforeScoreAt: 2,
        dealsWonAfterHorizon: 1,
        leads: 3,
        positives: 1,
        mqlsWithoutOrigin: 1,
        contactDatesWithDayAbove12: 2,
      },
    })
    const days = book.meta.counts.daysContactToWin as { median: number; p90: number }
    // Kept deals: −0.375, 18.9 and 343.8 days after the form.
    expect(days).toEqual({ median: 18.9, p90: 343.8, max: 343.8 })
    expect(book.meta.notes.join(' ')).toContain(id('d'))
    expect(book.meta.notes.join(' ')).toContain('time column')
    // Without deals in the future, asOf is the latest contact + 181 days, rounded up to a day.
    const noLateDeal = olist.convert(
      olistInput(MQL_CSV, DEAL_CSV.replace('15-12-2018', '15-03-2018')),
    )
    expect(noLateDeal.meta.asOf).toBe('2018-09-11T00:00:00Z')
  })

  it('produces only records the service accepts', () => {
    expectValid(book)
  })

  it('is deterministic', () => {
    expect(serialize(olist.convert(olistInput()))).toEqual(serialize(book))
  })

  it('fails loudly on a date it cannot read, an unknown MQL or clashing ids', () => {
    for (const bad of ['13-31-2018', '2018-02-01', '31-02-2018', '01/02/2018', ''])
      expect(() => olist.convert(olistInput(MQL_CSV.replace('01-02-2018', bad)))).toThrow(
        /first_contact_date/,
      )
    expect(() =>
      olist.convert(olistInput(MQL_CSV, DEAL_CSV.replace('20-02-2018 10:30', '20-02-2018 25:00'))),
    ).toThrow(/won_date/)
    expect(() =>
      olist.convert(olistInput(MQL_CSV, DEAL_CSV.replace('20-02-2018 10:30', '20-02-2018'))),
    ).toThrow(/won_date/)
    expect(() =>
      olist.convert(olistInput(MQL_CSV, `${DEAL_CSV}${deal(id('f'), '01-03-2018 10:00')}\n`)),
    ).toThrow(/not among the MQLs/)
    const clash = `${'a'.repeat(16)}${'f'.repeat(16)}`
    expect(() =>
      olist.convert(olistInput(`${MQL_CSV}${clash},01-02-2018,${LP1},social\n`, DEAL_CSV)),
    ).toThrow(/first 16 digits/)
    expect(() => olist.convert(olistInput(MQL_CSV.replace(LP1, 'a/b'), DEAL_CSV))).toThrow(
      /path segment/,
    )
  })
})

// ─── The validation itself, and the command line ───────────────────────────────────────────────

describe('validation with the ingest schemas', () => {
  it('refuses what the API would refuse', () => {
    const book = olist.convert(olistInput())
    const broken: Book = {
      ...book,
      accounts: [...book.accounts, { domain: 'lead-1.example', name: 'x' }],
      signals: [
        { ...book.signals[0]!, url: 'ftp://lp.olist.com/x' },
        { ...book.signals[1]!, action: 'x'.repeat(101) },
        ...book.signals.slice(2),
      ],
      outcomes: [{ ...book.outcomes[0]!, occurredAt: '2018-02-20 10:30' }],
    }
    const { problems } = validateBook(broken)
    expect(problems).toHaveLength(4)
    expect(problems.join('\n')).toMatch(/accounts.ndjson line 6: .*unknown top-level domain/)
    expect(problems.join('\n')).toMatch(/signals.ndjson line 1: url/)
    expect(problems.join('\n')).toMatch(/signals.ndjson line 2: action/)
    expect(problems.join('\n')).toMatch(/outcomes.ndjson line 1: occurredAt/)
    // Nothing may lie after asOf (the clock the schemas are given).
    const signal = importSchemas('2018-01-01T00:00:00Z').signals
    expect(signal.safeParse(book.signals.at(-1)).success).toBe(false)
  })
})

describe('the command line', () => {
  const tsx = (script: string, args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/real-data', script), ...args],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
  const files = [
    'accounts.ndjson',
    'signals.ndjson',
    'outcomes.ndjson',
    'leads.ndjson',
    'meta.json',
  ]

  it('writes the same bytes twice, from files given with --in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'real-data-'))
    writeFileSync(join(dir, 'Leads.csv'), XED_CSV)
    writeFileSync(join(dir, olist.MQL_FILE), MQL_CSV)
    writeFileSync(join(dir, olist.DEAL_FILE), DEAL_CSV)
    for (const [script, input] of [
      ['xeducation.ts', join(dir, 'Leads.csv')],
      ['olist.ts', dir],
    ] as const) {
      const outputs = ['one', 'two'].map((run) => {
        const out = join(dir, `${script}-${run}`)
        const result = tsx(script, ['--in', input, '--out', out])
        expect(result.stderr).toBe('')
        expect(result.status).toBe(0)
        return files.map((file) => readFileSync(join(out, file), 'utf8'))
      })
      expect(outputs[0]).toEqual(outputs[1])
      const book =
        script === 'xeducation.ts'
          ? xed.convert({ [xed.FILE]: XED_CSV })
          : olist.convert(olistInput())
      expect(outputs[0]).toEqual(files.map((file) => serialize(book)[file]))
    }
    const validated = tsx('validate.ts', [
      join(dir, 'olist.ts-one'),
      join(dir, 'xeducation.ts-one'),
    ])
    expect(validated.status).toBe(0)
    expect(validated.stdout).toContain('every record valid')
  })

  it('stops with exit code 1 and a message on a date it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'real-data-'))
    writeFileSync(join(dir, olist.MQL_FILE), MQL_CSV.replace('01-02-2018', '2018-02-01'))
    writeFileSync(join(dir, olist.DEAL_FILE), DEAL_CSV)
    const result = tsx('olist.ts', ['--in', dir, '--out', join(dir, 'out')])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/line 2: first_contact_date: '2018-02-01' is not DD-MM-YYYY/)
  })
})

// ─── The real files, where their git copies are on this machine ────────────────────────────────

const XED_REPO = '/work/.mirror/KeerthanaDS1994+LEAD-SCORING-CASE-STUDY---Keerthana-DS/repo'
const OLIST_REPO = '/work/.mirror/lasyasunkavilli408+FUTURE_DS_03/repo'

describe.skipIf(!existsSync(XED_REPO) || !existsSync(OLIST_REPO))('the real datasets', () => {
  it('X Education: 9,240 leads, every record valid', () => {
    const inputs = readInputs([xed.FILE], { in: [], repo: XED_REPO, rev: xed.SOURCE.commit })
    const book = xed.convert({ [xed.FILE]: inputs.texts[xed.FILE]! }, { commit: inputs.commit! })
    expect(book.meta.source.files[0]!.sha256).toBe(xed.SOURCE.sha256)
    expect(validateBook(book)).toEqual({
      counts: { accounts: 9240, signals: 141_739, outcomes: 9240, leads: 9240, positives: 3561 },
      problems: [],
    })
    expect(book.meta.asOf).toBe('2026-01-28T09:00:00Z')
  })

  it('Olist: 8,000 MQLs and 842 deals, every record valid', () => {
    const files = [olist.MQL_FILE, olist.DEAL_FILE]
    const { texts } = readInputs(files, { in: [], repo: OLIST_REPO, rev: olist.SOURCE.commit })
    const book = olist.convert({
      [olist.MQL_FILE]: texts[olist.MQL_FILE]!,
      [olist.DEAL_FILE]: texts[olist.DEAL_FILE]!,
    })
    expect(book.meta.source.commit).toBe(olist.SOURCE.commit)
    expect(book.meta.counts).toMatchObject({ mqls: 8000, deals: 842 })
    expect(validateBook(book)).toEqual({
      counts: { accounts: 8000, signals: 8000, outcomes: 841, leads: 7962, positives: 737 },
      problems: [],
    })
    expect(book.meta.asOf).toBe('2018-11-29T00:00:00Z')
  })
})
