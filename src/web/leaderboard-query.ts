import { z } from 'zod'
import {
  fieldsOf,
  filterOf,
  type LeaderboardFilter,
  leaderboardFilterSchema,
  type SegmentFilter,
} from '../domain/leaderboard-filter.ts'
import { IN_MARKET_LABELS, LABEL_THRESHOLDS } from '../scoring/model.ts'
import { LABELS, STAGES } from '../vocabulary.ts'
import type { MessageKey } from './i18n/index.ts'

export { LABELS, STAGES }
/** `?label=all`: every account. Without a label the leaderboard lists the in-market ones. */
export const ALL_LABELS = 'all'
export const PAGE_SIZE = 25

/** The leaderboard's query string as typed by the user: redisplayed as is when invalid. */
export interface RawFilters {
  q: string
  label: string
  stage: string
  topic: string
  category: string
  industry: string
  country: string
  minScore: string
  page: string
}

/** Which accounts the leaderboard lists, for its title: in market (default), one label, or all. */
export type LabelView = 'inMarket' | 'all' | (typeof LABELS)[number]

export interface Filters extends LeaderboardFilter {
  search?: string
  page: number
}

export type FieldErrors = Partial<Record<keyof RawFilters, MessageKey>>

const FIELDS = [
  'q',
  'label',
  'stage',
  'topic',
  'category',
  'industry',
  'country',
  'minScore',
  'page',
] as const

/** The API's filter schema, with what only the pages have: a search and numbered pages. */
const pageQuerySchema = leaderboardFilterSchema.extend({
  q: z.string().max(100).optional(),
  page: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(100_000))
    .optional(),
})

/** A field's message: too long for free text, else the field's own rule. */
const messageOf = (field: keyof RawFilters, code: string): MessageKey =>
  code === 'too_big' && (['q', 'topic', 'category', 'industry'] as string[]).includes(field)
    ? 'error.tooLong'
    : (`error.${field}` as MessageKey)

/**
 * Validates every field with the API's schema and reports each bad one, as the API does: the
 * page then shows all the messages at once instead of failing on the first.
 */
export function parseFilters(query: URLSearchParams): {
  raw: RawFilters
  filters: Filters
  errors: FieldErrors
} {
  const raw = Object.fromEntries(
    FIELDS.map((field) => [field, (query.get(field) ?? '').trim()]),
  ) as unknown as RawFilters
  // An empty field is no filter; `all` lifts the label filter, which defaults to in market.
  const given = Object.fromEntries(
    FIELDS.filter(
      (field) => raw[field] !== '' && !(field === 'label' && raw.label === ALL_LABELS),
    ).map((field) => [field, raw[field]]),
  )
  const errors: FieldErrors = {}
  const parsed = pageQuerySchema.safeParse(given)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof RawFilters
      errors[field] ??= messageOf(field, issue.code)
    }
    return { raw, filters: { page: 1 }, errors }
  }
  const { q, page, ...filter } = parsed.data
  const filters: Filters = { ...filterOf(filter), page: page ?? 1, ...(q && { search: q }) }
  if (!raw.label) filters.labels = IN_MARKET_LABELS
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

/** The fields "save these filters as a segment" sends: the filters, without the search or page. */
export const SEGMENT_FIELDS = FIELDS.filter((field) => field !== 'q' && field !== 'page')

/**
 * The page's filters as a segment's. The page's default, in market (warm and hot), is a score
 * of at least the warm threshold: labels are score bands (scoring/model.ts, labelOf), so the
 * segment holds exactly the accounts the page listed.
 */
export function segmentFilterOf(filters: Filters): SegmentFilter {
  const { search: _search, page: _page, labels, ...rest } = filters
  if (labels === IN_MARKET_LABELS)
    return fieldsOf({ ...rest, minScore: Math.max(rest.minScore ?? 0, LABEL_THRESHOLDS.warm) })
  return fieldsOf({ ...rest, labels })
}
