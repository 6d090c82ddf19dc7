import { z } from 'zod'
import type { LeaderboardFilter } from '../records.ts'
import { FIT_GRADES, LABELS, STAGES } from '../vocabulary.ts'

/**
 * A number field: coerced from a query string's text, or a JSON number as sent (a JSON `null`
 * or `"5"` is a mistake to report, not a 0 or a 5).
 */
type Reading = 'query' | 'json'
const numberFrom = (reading: Reading) => (reading === 'query' ? z.coerce.number() : z.number())

const ATTRIBUTE_HELP =
  'Only accounts whose attribute `name` (a top-level key of `attributes`) equals `value` as text: a string in any letter case, a whole number in digits, or true/false.'
const attributeName = z.string().min(1).max(100)
const attributeValue = z.string().max(200)

/**
 * An attribute condition: a JSON object in a saved segment's filter, and `name:value` in a
 * query string (split at the first colon: a name holds none, a value may), both read into the
 * one form the rules take.
 */
function attributeFrom(reading: Reading) {
  if (reading === 'json')
    return z.strictObject({ name: attributeName, value: attributeValue }).meta({
      description: ATTRIBUTE_HELP,
      example: { name: 'tier', value: 'gold' },
    })
  return z
    .string()
    .regex(/^[^:]{1,100}:/, 'must be name:value, e.g. tier:gold')
    .max(301)
    .transform((text) => {
      const colon = text.indexOf(':')
      return { name: text.slice(0, colon), value: text.slice(colon + 1) }
    })
    .pipe(z.object({ name: attributeName, value: attributeValue }))
    .meta({ description: `${ATTRIBUTE_HELP} Written \`name:value\`, e.g. \`tier:gold\`.` })
}

/** Beyond any real company; keeps a range's ends finite. */
const MAX_EMPLOYEES = 10_000_000
const MAX_REVENUE = 1e15

/**
 * The leaderboard's filters, each field's rule written once: the query string of
 * `GET /v1/accounts?sort=score` and the sales pages read them, and a saved segment's JSON
 * `filter` holds the same fields.
 */
function filterShape(reading: Reading) {
  const number = () => numberFrom(reading)
  return {
    label: z.enum(LABELS).optional(),
    stage: z.enum(STAGES).optional(),
    topic: z
      .string()
      .max(200)
      .optional()
      .meta({ description: 'Only accounts surging on this topic.' }),
    category: z.string().max(200).optional().meta({
      description:
        'Only accounts surging on this taxonomy category, in any letter case: one of its topics surges, or its topics pooled do (`surgingCategories`). Scores stored before this filter existed match once rescored.',
    }),
    industry: z
      .string()
      .max(100)
      .optional()
      .meta({ description: 'Only accounts in this industry, in any letter case.' }),
    country: z
      .string()
      .length(2)
      .regex(/^[A-Za-z]{2}$/)
      .optional(),
    minScore: number().int().min(0).max(100).optional(),
    fitGrade: z
      .enum(FIT_GRADES)
      .optional()
      .meta({ description: 'Only accounts of this fit grade.' }),
    minEmployees: number().int().min(0).max(MAX_EMPLOYEES).optional(),
    maxEmployees: number().int().min(0).max(MAX_EMPLOYEES).optional(),
    minRevenue: number().min(0).max(MAX_REVENUE).optional(),
    maxRevenue: number()
      .min(0)
      .max(MAX_REVENUE)
      .optional()
      .meta({ description: 'Ranges include both ends; an account without the number is out.' }),
    technology: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Only accounts using this technology, in any letter case.' }),
    minCoverage: number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: "Least share (0–1) of the committee's roles with an engaged person." }),
    attribute: attributeFrom(reading).optional(),
  }
}

/** The filters as a query string carries them (unknown parameters are another route's business). */
export const leaderboardFilterSchema = z.object(filterShape('query'))

/** The filters as a saved segment holds them: JSON, and an unknown field is refused. */
export const segmentFilterSchema = z.strictObject(filterShape('json')).meta({
  id: 'SegmentFilter',
  description: "The leaderboard's filters; every condition given must hold.",
})

export type LeaderboardFilterQuery = z.output<typeof leaderboardFilterSchema>
export type SegmentFilter = z.output<typeof segmentFilterSchema>

/** Every filter's name, for the routes that must tell a filter from their own parameters. */
export const FILTER_FIELDS = Object.keys(filterShape('query')) as (keyof LeaderboardFilterQuery)[]

export type { LeaderboardFilter } from '../records.ts'

export function filterOf({ label, ...rest }: LeaderboardFilterQuery): LeaderboardFilter {
  return { ...rest, ...(label !== undefined && { labels: [label] }) }
}

/** The fields a filter was given as, back from the store's form (a segment's `filter`). */
export function fieldsOf({ labels, ...rest }: LeaderboardFilter): LeaderboardFilterQuery {
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
  return { ...defined, ...(labels?.[0] !== undefined && { label: labels[0] }) }
}
