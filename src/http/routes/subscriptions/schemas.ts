import { z } from 'zod'
import { iso, isoInstant } from '../../openapi.ts'

/** Rows from before credentials were refused may carry them; like the secret, they are not shown. */
function withoutCredentials(raw: string): string {
  if (!URL.canParse(raw)) return raw
  const url = new URL(raw)
  if (!url.username && !url.password) return raw
  url.username = ''
  url.password = ''
  return url.href
}

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    threshold: z.number().int(),
    segments: z
      .array(z.string())
      .nullable()
      .meta({ description: 'The segments its segment events are limited to; null: every one.' }),
    createdAt: isoInstant,
  })
  .meta({ id: 'Subscription', description: 'The secret is never returned.' })

/** A subscription as the API shows it: never its secret, nor credentials in its URL. */
export const presentSubscription = (s: {
  id: string
  url: string
  events: string[]
  threshold: number
  segments?: string[] | null
  createdAt: number
}): z.infer<typeof SubscriptionSchema> => ({
  id: s.id,
  url: withoutCredentials(s.url),
  events: s.events,
  threshold: s.threshold,
  segments: s.segments ?? null,
  createdAt: iso(s.createdAt),
})
