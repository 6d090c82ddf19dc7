import { z } from 'zod'
import type { LeaderboardFilter } from '../records.ts'
import { LABELS, STAGES } from '../vocabulary.ts'

/**
 * The leaderboard's filters as a query string carries them: the one schema the API's
 * `GET /v1/accounts?sort=score` and the sales pages validate with.
 */
export const leaderboardFilterSchema = z.object({
  label: z.enum(LABELS).optional(),
  stage: z.enum(STAGES).optional(),
  topic: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'Only accounts surging on this topic.' }),
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
  minScore: z.coerce.number().int().min(0).max(100).optional(),
})

export type LeaderboardFilterQuery = z.output<typeof leaderboardFilterSchema>

export type { LeaderboardFilter } from '../records.ts'

export function filterOf({ label, ...rest }: LeaderboardFilterQuery): LeaderboardFilter {
  return { ...rest, ...(label !== undefined && { labels: [label] }) }
}
