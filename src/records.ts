import type { FitGrade, Label, OutcomeType, Scope, SignalType, Stage } from './vocabulary.ts'

/** Records as the domain sees them. Times are milliseconds since the epoch (UTC). */

/** What a company is, as the CRM knows it; every field may be unknown. */
export interface Firmographics {
  name: string | null
  industry: string | null
  employees: number | null
  revenue: number | null
  country: string | null
  technologies: string[]
  attributes: Record<string, unknown>
}

/** The firmographic fields in the order imports, exports and the store list them. */
export const FIRMOGRAPHIC_FIELDS = [
  'name',
  'industry',
  'employees',
  'revenue',
  'country',
  'technologies',
  'attributes',
] as const satisfies readonly (keyof Firmographics)[]

export interface Account extends Firmographics {
  domain: string
  createdAt: number
  updatedAt: number
}

export interface AccountStats {
  contacts: number
  signals: number
  lastSignalAt: number | null
}

/** A person as the committee view needs them: who, their title, and any role set by hand. */
export interface Person {
  id: number
  email: string
  name: string | null
  title: string | null
  functionOverride: string | null
  seniorityOverride: string | null
}

export interface Contact extends Omit<Person, 'id'> {
  account: string | null
  createdAt: number
  updatedAt: number
}

/** Firmographic changes: an absent field is left alone, `null` clears it. */
export type AccountPatch = {
  [K in keyof Omit<Account, 'domain' | 'createdAt' | 'updatedAt'>]?: Account[K] | null
}

export interface ContactPatch {
  name?: string | null
  title?: string | null
  /** An explicit account domain, or null to unlink. Absent: keep, or derive when new. */
  account?: string | null
  function?: string | null
  seniority?: string | null
}

export type TopicSource = 'sent' | 'derived'

/** A signal after validation and normalization, ready to be stored. */
export interface SignalRecord {
  dedupeKey: Buffer
  externalId: string | null
  type: SignalType
  account: string | null
  contact: { email: string; accountDomain: string | null } | null
  topic: { key: string; label: string } | null
  /** `sent` by the sender, `derived` from the taxonomy; null without a topic. */
  topicSource: TopicSource | null
  action: string | null
  occurredAt: number
  weight: number | null
  durationSeconds: number | null
  source: string | null
  url: string | null
  title: string | null
  query: string | null
  /** Keyed hashes of the identities it names: stored only while none is suppressed. */
  suppression: Buffer[]
}

export interface OutcomeRecord {
  dedupeKey: Buffer
  externalId: string | null
  account: string
  type: OutcomeType
  occurredAt: number
  amount: number | null
  suppression: Buffer[]
}

/** What a batch write did with one record: `suppressed` names an erased person or account. */
export type StoredFate = 'stored' | 'duplicate' | 'suppressed'

/** What a batch write did, as the store reports it. */
export interface StoredBatch {
  /** One per record, in the batch's order. */
  fates: StoredFate[]
  /** Per account, signals stored without their topic: the account is at its topic limit. */
  topicless: { domain: string; signals: number }[]
}

/** Something the sender should know about data that was stored (not refused). */
export interface IngestWarning {
  code: 'topics_capped'
  account: string
  signals: number
  message: string
}

/** The answer to an ingest: the fields after `duplicates` appear only when they say something. */
export interface IngestResult {
  accepted: number
  duplicates: number
  /** Dropped for naming an erased person or account. */
  suppressed?: number
  warnings?: IngestWarning[]
}

export interface ApiKey {
  id: string
  prefix: string
  scope: Scope
  name: string | null
  createdAt: number
  expiresAt: number | null
  revokedAt: number | null
  lastUsedAt: number | null
}

export interface Page<T> {
  items: T[]
  /** Opaque position after the last item; null on the last page. */
  next: string | null
}

/**
 * Which scored accounts a leaderboard lists: the one filter type of the API, the pages and the
 * store. Text is compared after the store's one fold (store/fold.ts), country as an upper-case
 * code.
 */
export interface LeaderboardFilter {
  /** Any of these labels (the pages' "warm and hot"); absent or empty is no filter. */
  labels?: readonly Label[] | undefined
  stage?: Stage | undefined
  topic?: string | undefined
  /** Accounts surging on this taxonomy category: one of its topics, or its topics pooled. */
  category?: string | undefined
  industry?: string | undefined
  country?: string | undefined
  minScore?: number | undefined
  fitGrade?: FitGrade | undefined
  /** Employee and revenue ranges, both ends included; an account without the number is out. */
  minEmployees?: number | undefined
  maxEmployees?: number | undefined
  minRevenue?: number | undefined
  maxRevenue?: number | undefined
  /** Accounts using this technology, in any letter case. */
  technology?: string | undefined
  /** Least share of the committee's roles with an engaged person (0–1). */
  minCoverage?: number | undefined
  /**
   * Accounts whose top-level attribute `name` equals `value` as text: a string in any letter
   * case, a whole number written in digits, or true/false.
   */
  attribute?: { name: string; value: string } | undefined
}
