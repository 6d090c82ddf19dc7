import { z } from 'zod'
import { NOTIFICATION_EVENTS } from '../../../domain/notifications.ts'
import { FAILURE_CLASSES } from '../../../outbound/failures.ts'
import type { OutboundPolicy } from '../../../outbound/policy.ts'
import { screenTarget } from '../../../outbound/target.ts'
import { iso, isoInstant } from '../../openapi.ts'

/** DNS gets this long at creation; a name that does not resolve (yet) is checked at delivery. */
const CREATE_LOOKUP_MS = 2_000

/** Checked as the delivery worker checks it, so a target it would refuse is refused now. */
function targetField(policy: OutboundPolicy) {
  return z
    .string()
    .max(2048, 'must be at most 2048 characters')
    .superRefine(async (raw, zctx) => {
      if (raw.length > 2048) return
      const screened = await screenTarget(policy, raw, { lookupTimeoutMs: CREATE_LOOKUP_MS })
      if (!screened.ok && screened.failure === 'refused_address')
        zctx.addIssue({ code: 'custom', message: screened.message })
    })
    .meta({
      format: 'uri',
      description:
        'http or https, without credentials. Loopback, private, link-local and other internal ' +
        'addresses (also as a name resolving there) are refused unless OUTBOUND_ALLOW_HOSTS allows them.',
    })
}

export const subscriptionBody = (policy: OutboundPolicy) =>
  z
    .strictObject({
      url: targetField(policy),
      events: z.array(z.enum(NOTIFICATION_EVENTS)).min(1, 'must name at least one event'),
      threshold: z
        .number()
        .int()
        .min(0)
        .max(100)
        .optional()
        .meta({ description: 'For score.crossed; default 60.' }),
      secret: z.string().min(16, 'must be at least 16 characters').max(200),
    })
    .meta({ id: 'SubscriptionInput' })

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
    createdAt: isoInstant,
  })
  .meta({ id: 'Subscription', description: 'The secret is never returned.' })

export const DeliverySchema = z
  .object({
    id: z.string().meta({ description: 'Also the Idempotency-Key header the receiver gets.' }),
    event: z.string(),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: isoInstant.nullable(),
    lastError: z.enum(FAILURE_CLASSES).nullable().meta({
      description:
        'Why the last attempt failed, as a class only; refused_address is not retried, the others are.',
    }),
    lastStatus: z.number().int().nullable().meta({
      description:
        'The HTTP status of the last reply when it was an error (redirect, http_4xx, http_5xx); null otherwise.',
    }),
    createdAt: isoInstant,
    deliveredAt: isoInstant.nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Delivery' })

/** A subscription as the API shows it: never its secret, nor credentials in its URL. */
export const presentSubscription = (s: {
  id: string
  url: string
  events: string[]
  threshold: number
  createdAt: number
}): z.infer<typeof SubscriptionSchema> => ({
  id: s.id,
  url: withoutCredentials(s.url),
  events: s.events,
  threshold: s.threshold,
  createdAt: iso(s.createdAt),
})
