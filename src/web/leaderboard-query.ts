import { LABELS, STAGES } from '../vocabulary.ts'
import { IN_MARKET_LABELS } from '../scoring/model.ts'
import type { MessageKey } from './i18n/index.ts'

/** `?label=all`: every account. Without a label the leaderboard lists the in-market ones. */
export const ALL_LABELS = 'all'
export const PAGE_SIZE = 25

/** The leaderboard's query string as typed by the user: redisplayed as is when invalid. */
export interface RawFilters {
  q: string
  label: string
  stage: string
  topic: string
  industry: string
  country: string
  minScore: string
  page: string
}

/** Which accounts the leaderboard lists, for its title: in market (default), one label, or all. */
export type LabelView = 'inMarket' | 'all' | (typeof LABELS)[number]

export interface Filters {
  search?: string
  labels?: readonly string[]
  stage?: string
  topic?: string
  industry?: string
  country?: string
  minScore?: number
  page: number
}

export type FieldErrors = Partial<Record<keyof RawFilters, MessageKey>>

const FIELDS = ['q', 'label', 'stage', 'topic', 'industry', 'country', 'minScore', 'page'] as const
const MAX_LENGTH: Record<keyof RawFilters, number> = {
  q: 100,
  label: 10,
  stage: 20,
  topic: 200,
  industry: 100,
  country: 2,
  minScore: 3,
  page: 6,
}

const wholeNumber = (text: string) => (/^\d+$/.test(text) ? Number(text) : Number.NaN)

/**
 * Validates every field and reports each bad one, as the API does: the page then shows all
 * the messages at once instead of failing on the first.
 */
export function parseFilters(query: URLSearchParams): {
  raw: RawFilters
  filters: Filters
  errors: FieldErrors
} {
  const raw = Object.fromEntries(
    FIELDS.map((field) => [field, (query.get(field) ?? '').trim()]),
  ) as unknown as RawFilters
  const errors: FieldErrors = {}
  const filters: Filters = { page: 1 }
  for (const field of FIELDS) {
    if (raw[field].length > MAX_LENGTH[field] && field !== 'country' && field !== 'minScore') {
      errors[field] = 'error.tooLong'
    }
  }
  if (raw.q && !errors.q) filters.search = raw.q
  if (raw.topic && !errors.topic) filters.topic = raw.topic
  if (raw.industry && !errors.industry) filters.industry = raw.industry
  if (!raw.label) filters.labels = IN_MARKET_LABELS
  else if ((LABELS as readonly string[]).includes(raw.label)) filters.labels = [raw.label]
  else if (raw.label !== ALL_LABELS) errors.label = 'error.label'
  if (raw.stage) {
    if ((STAGES as readonly string[]).includes(raw.stage)) filters.stage = raw.stage
    else errors.stage = 'error.stage'
  }
  if (raw.country) {
    if (/^[A-Za-z]{2}$/.test(raw.country)) filters.country = raw.country.toUpperCase()
    else errors.country = 'error.country'
  }
  if (raw.minScore) {
    const score = wholeNumber(raw.minScore)
    if (score >= 0 && score <= 100) filters.minScore = score
    else errors.minScore = 'error.minScore'
  }
  if (raw.page) {
    const page = wholeNumber(raw.page)
    if (page >= 1 && page <= 100_000) filters.page = page
    else errors.page = 'error.page'
  }
  return { raw, filters, errors }
}

export function labelView(label: string): LabelView {
  if (label === ALL_LABELS) return 'all'
  return (LABELS as readonly string[]).includes(label) ? (label as LabelView) : 'inMarket'
}

/** The query string for another page of the same filters. */
export function pageHref(raw: RawFilters, page: number): string {
  const params = new URLSearchParams()
  for (const field of FIELDS) {
    if (field !== 'page' && raw[field]) params.set(field, raw[field])
  }
  if (page > 1) params.set('page', String(page))
  const query = params.toString()
  return query ? `/?${query}` : '/'
}

/** The same filters over every label, from the first page. */
export function allLabelsHref(raw: RawFilters): string {
  return pageHref({ ...raw, label: ALL_LABELS }, 1)
}
