import type { Firmographics } from '../records.ts'
import { SIGNAL_TYPES, type SignalType } from '../vocabulary.ts'
import { industryKey, sizeBand } from './segments.ts'

/**
 * Everything the in-market model may read about an account as of an instant, by name: the
 * numbers (intent, behaviour counts, numeric attributes) and the categorical levels
 * (firmographics, channels, pages, actions, attribute values). A model picks the terms it
 * learned; a feature it does not know is ignored and one it knows but the record lacks is
 * "missing". Pure data: built from what existed at the instant, so it can be stored with a
 * training example and scored by any model later.
 */
export interface FeatureRecord {
  /** Numeric features; null when the account has no value (an attribute it lacks). */
  numeric: Record<string, number | null>
  /**
   * Categorical features: group → level → amount. A single-valued category (industry, an
   * attribute) has one level with amount 1; a counted group (sources, pages, actions) maps
   * each level to its number of signals.
   */
  levels: Record<string, Record<string, number>>
  /** How the account itself spells its levels (keys are case-folded), for the reasons. */
  display?: Record<string, Record<string, string>>
}

/** What a family of features is about; the report and the reasons group terms by it. */
export type FeatureFamily = 'intent' | 'behaviour' | 'firmographic' | 'attribute'

/** Levels that stand for "no value". */
export const NO_VALUE = '(none)'

/** Groups counted in the behaviour window: each level weighs by log(1 + its signals). */
export const COUNTED_GROUPS: ReadonlySet<string> = new Set(['action', 'source', 'page'])
/** The account's first touch: its original channel and first page, and how long ago. */
export const FIRST_TOUCH = ['first_source', 'first_page', 'age_days'] as const

/** One aggregated row of the signals in the behaviour window. */
export interface SignalFacet {
  type: SignalType
  action: string | null
  source: string | null
  url: string | null
  signals: number
  durationSeconds: number
}

export interface BehaviourSummary {
  days: number
  byType: Record<SignalType, { signals: number; minutes: number }>
  actions: Record<string, number>
  sources: Record<string, number>
  pages: Record<string, number>
  /** First spelling of each action and source level. */
  display: { action: Record<string, string>; source: Record<string, string> }
}

const MAX_LEVEL_LENGTH = 80

/** Case and spacing do not make another level; the text is cut so a level stays a label. */
export function levelKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, MAX_LEVEL_LENGTH)
}

/** A level as the account spells it, cut like its key so a reason stays a sentence. */
function shown(value: string): string {
  const text = value.trim().replace(/\s+/g, ' ')
  return text.length > MAX_LEVEL_LENGTH ? `${text.slice(0, MAX_LEVEL_LENGTH - 1)}…` : text
}

/**
 * The page group of a URL: host without `www.` and the first path segment
 * (`https://www.acme.com/pricing/enterprise?x=1` → `acme.com/pricing`), so that pages of one
 * section pool their support while a query string or an article slug does not split them.
 */
export function pageGroup(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  const host = parsed.hostname.replace(/^www\./, '')
  const first = parsed.pathname.split('/').find((segment) => segment !== '') ?? ''
  return levelKey(first === '' ? host : `${host}/${decodeSafely(first)}`)
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Counts per type, action, channel and page group of the signals in the window. */
export function summarizeBehaviour(facets: SignalFacet[], days: number): BehaviourSummary {
  const byType = Object.fromEntries(
    SIGNAL_TYPES.map((type) => [type, { signals: 0, minutes: 0 }]),
  ) as BehaviourSummary['byType']
  const actions: Record<string, number> = {}
  const sources: Record<string, number> = {}
  const pages: Record<string, number> = {}
  const display: BehaviourSummary['display'] = { action: {}, source: {} }
  const add = (into: Record<string, number>, key: string, n: number) => {
    into[key] = (into[key] ?? 0) + n
  }
  for (const facet of facets) {
    byType[facet.type].signals += facet.signals
    byType[facet.type].minutes += facet.durationSeconds / 60
    if (facet.action) {
      const key = `${facet.type}:${levelKey(facet.action)}`
      add(actions, key, facet.signals)
      display.action[key] ??= `${facet.type}:${shown(facet.action)}`
    }
    if (facet.source) {
      const key = levelKey(facet.source)
      add(sources, key, facet.signals)
      display.source[key] ??= shown(facet.source)
    }
    const page = facet.url ? pageGroup(facet.url) : null
    if (page) add(pages, page, facet.signals)
  }
  return { days, byType, actions, sources, pages, display }
}

/** Annual revenue bands (USD), as sellers quote them. */
export const REVENUE_BANDS = [
  { name: '<1M', max: 1e6 },
  { name: '1M-10M', max: 1e7 },
  { name: '10M-50M', max: 5e7 },
  { name: '50M-250M', max: 2.5e8 },
  { name: '250M-1B', max: 1e9 },
  { name: '1B+', max: Number.POSITIVE_INFINITY },
] as const

export function revenueBand(revenue: number | null): string {
  if (revenue === null) return 'unknown'
  return REVENUE_BANDS.find((band) => revenue < band.max)!.name
}

/** What the features read of an account: its firmographics, never its name. */
export type RecordAccount = Omit<Firmographics, 'name'>

export const attributeFeature = (key: string) => `attr.${key}`

/**
 * Firmographic and attribute features. Attributes become features by the type of their value:
 * a finite number is numeric, text and booleans are levels, a list of texts is a set of
 * levels; anything else (objects, nulls) is left out. Which keys recur enough to be learned
 * from is the trainer's decision, not this function's.
 */
export function accountFeatures(account: RecordAccount): FeatureRecord {
  const numeric: FeatureRecord['numeric'] = {}
  const display: NonNullable<FeatureRecord['display']> = {}
  const spell = (feature: string, value: string) => {
    display[feature] ??= {}
    display[feature][levelKey(value)] ??= shown(value)
  }
  if (account.industry !== null) spell('industry', account.industry)
  for (const tech of account.technologies) spell('technologies', tech)
  const levels: FeatureRecord['levels'] = {
    industry: { [account.industry === null ? NO_VALUE : industryKey(account.industry)]: 1 },
    size: { [sizeBand(account.employees)]: 1 },
    revenue: { [revenueBand(account.revenue)]: 1 },
    country: { [account.country === null ? NO_VALUE : account.country.toUpperCase()]: 1 },
    technologies:
      account.technologies.length === 0
        ? { [NO_VALUE]: 1 }
        : Object.fromEntries(account.technologies.map((tech) => [levelKey(tech), 1])),
  }
  for (const [key, value] of Object.entries(account.attributes)) {
    const name = attributeFeature(key.trim())
    if (typeof value === 'number' && Number.isFinite(value)) numeric[name] = value
    else if (typeof value === 'string' && value.trim() !== '') {
      levels[name] = { [levelKey(value)]: 1 }
      spell(name, value)
    } else if (typeof value === 'boolean') levels[name] = { [String(value)]: 1 }
    else if (Array.isArray(value)) {
      const texts = value.filter(
        (item): item is string => typeof item === 'string' && item.trim() !== '',
      )
      if (texts.length > 0) levels[name] = Object.fromEntries(texts.map((t) => [levelKey(t), 1]))
      for (const text of texts) spell(name, text)
    }
  }
  return { numeric, levels, display }
}

/** Behaviour features: per type counts and minutes, and the counted groups. */
export function behaviourFeatures(summary: BehaviourSummary): FeatureRecord {
  const numeric: FeatureRecord['numeric'] = {}
  for (const type of SIGNAL_TYPES) {
    numeric[`signals.${type}`] = summary.byType[type].signals
    numeric[`minutes.${type}`] = Math.round(summary.byType[type].minutes * 100) / 100
  }
  return {
    numeric,
    levels: { action: summary.actions, source: summary.sources, page: summary.pages },
    display: summary.display,
  }
}

export interface FirstTouch {
  /** The account's first signal, by asOf; null: none yet. */
  at: number | null
  /** The channel of its first signal that names one, and the URL of its first with one. */
  source: string | null
  url: string | null
}

/**
 * Where and when the account first showed up ("original source" and "first page seen", as CRMs
 * keep them): properties that do not fade with the behaviour window, which old leads rely on.
 */
export function firstTouchFeatures(first: FirstTouch, asOf: number): FeatureRecord {
  const levels: FeatureRecord['levels'] = {}
  const display: NonNullable<FeatureRecord['display']> = {}
  if (first.source) {
    const key = levelKey(first.source)
    levels.first_source = { [key]: 1 }
    display.first_source = { [key]: shown(first.source) }
  }
  const page = first.url ? pageGroup(first.url) : null
  if (page) levels.first_page = { [page]: 1 }
  return {
    numeric: {
      age_days: first.at === null ? null : Math.max(0, (asOf - first.at) / 86_400_000),
    },
    levels,
    display,
  }
}

export function mergeRecords(...records: FeatureRecord[]): FeatureRecord {
  return {
    numeric: Object.assign({}, ...records.map((record) => record.numeric)),
    levels: Object.assign({}, ...records.map((record) => record.levels)),
    display: Object.assign({}, ...records.map((record) => record.display ?? {})),
  }
}

/** The family of a feature, from its name. */
export function familyOf(feature: string): FeatureFamily {
  if (feature.startsWith('attr.')) return 'attribute'
  if (
    /^(signals|minutes)\./.test(feature) ||
    COUNTED_GROUPS.has(feature) ||
    (FIRST_TOUCH as readonly string[]).includes(feature)
  )
    return 'behaviour'
  if (['industry', 'size', 'revenue', 'country', 'technologies'].includes(feature))
    return 'firmographic'
  return 'intent'
}
