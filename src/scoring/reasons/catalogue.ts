import type { CommitteeRole, Industry, SignalType } from '../../vocabulary.ts'
import type { FeatureName } from '../features.ts'
import type { Formatter, Plural } from './format.ts'

export type Values = Record<string, string | number>

/** The industries the service knows by code: the vocabulary's list, named in each catalogue. */
export { INDUSTRIES as KNOWN_INDUSTRIES, type Industry as KnownIndustry } from '../../vocabulary.ts'

/** The parts a sentence reads besides its values, already in the catalogue's language. */
export interface SentenceContext {
  f: Formatter
  /** The factor's title ("Lead Source", "Web visits"). */
  title: string
  /** "raises the score", "lowers the score" or "does not change the score". */
  effect: string
  /** A level as the reader should see it (a country's name, a size band with its unit). */
  level(level: string): string
  /** Roles given as a '|' list, named in this language. */
  roles(list: string): string
}

export type Sentence = (values: Values, context: SentenceContext) => string

/**
 * Every reason's phrasing in one language. The API's `text` is the English entry and the
 * pages use the reader's; nothing else words a reason.
 */
export interface ReasonCatalogue {
  intentTitles: Record<FeatureName, string>
  /** Signal types in the plural, as a title: "Web visits". */
  typeTitles: Record<SignalType, string>
  /** One signal of a type: "Web visit". */
  typeNames: Record<SignalType, string>
  /** "Time on web visits". */
  minutesTitle(type: SignalType): string
  groupTitles: Record<
    | 'action'
    | 'source'
    | 'page'
    | 'first_source'
    | 'first_page'
    | 'age_days'
    | 'industry'
    | 'size'
    | 'revenue'
    | 'country'
    | 'technologies',
    string
  >
  roles: Record<CommitteeRole, string>
  /** A known industry in words: "Professional services". */
  industries: Record<Industry, string>
  effects: { raises: string; lowers: string; none: string }
  /** A value the account does not have. */
  notRecorded: string
  /** A size band with its unit: "201–1000 employees". */
  employees(band: string): string
  people: Plural
  /** A window of days: "the last 90 days". */
  lastDays: Plural
  highIntentActions: Record<'form' | 'meeting' | 'trade_show' | 'review', string>
  sentences: Record<string, Sentence>
}

/** The sentence keys every catalogue must have (the tests check each language has them all). */
export const SENTENCE_KEYS = [
  'surge_max.none',
  'surge_max.above',
  'surge_max.new',
  'surging_topics.none',
  'surging_topics.some',
  'breadth.share',
  'engaged_contacts.count',
  'senior_contacts.count',
  'committee_coverage.none',
  'committee_coverage.some',
  'high_intent.none',
  'high_intent.some',
  'engagement.value',
  'recency.none',
  'recency.today',
  'recency.days',
  'momentum.up',
  'momentum.down',
  'fit.none',
  'fit.grade',
  'signals.count',
  'minutes.minutes',
  'counted.some',
  'counted.none',
  'counted.unseen',
  'category.level',
  'category.some',
  'category.unseen',
  'category.none',
  'number.value',
  'number.missing',
] as const
