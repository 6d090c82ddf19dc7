import type { Ctx } from './context.ts'
import { AppError } from '../errors.ts'

interface Bucket {
  tokens: number
  at: number
}

/**
 * A token bucket per API key: `perMinute` requests a minute on average, with bursts of up to a
 * tenth of that. Over the limit answers 429 with Retry-After. In memory: the API's limiter is
 * made once by the composition root (`ctx.limiter`), so every route's auth shares its buckets.
 */
export function rateLimiter(
  ctx: Pick<Ctx, 'config' | 'clock'>,
  options: { maxKeys?: number } = {},
) {
  const perMinute = ctx.config.RATE_LIMIT_PER_MINUTE
  const maxKeys = options.maxKeys ?? Number.POSITIVE_INFINITY
  const capacity = Math.max(10, Math.ceil(perMinute / 10))
  const perMs = perMinute / 60_000
  const buckets = new Map<string, Bucket>()
  return (keyId: string): void => {
    if (perMinute === 0) return
    const now = ctx.clock.now()
    const bucket = buckets.get(keyId) ?? { tokens: capacity, at: now }
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs)
    bucket.at = now
    // Keyed by something a client picks (an address): the oldest buckets make room, so the
    // map stays bounded; a forgotten bucket starts full again, which only forgives.
    if (!buckets.has(keyId) && buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!)
    buckets.set(keyId, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000))
    throw new AppError(
      'rate_limited',
      `${options.maxKeys === undefined ? 'This key' : 'This address'} sent more than ${perMinute} requests a minute; retry in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    )
  }
}

export type RateLimiter = ReturnType<typeof rateLimiter>
