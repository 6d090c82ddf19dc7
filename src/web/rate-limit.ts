import type { Context } from 'hono'
import type { Ctx } from '../domain/context.ts'
import { AppError } from '../errors.ts'
import type { WebEnv } from './request-variables.ts'
import { renderMessage } from './render.tsx'

/**
 * RATE_LIMIT_PER_MINUTE for page sessions: the API's own token bucket, keyed by the session's
 * key id, so a browser and a script on one key share one budget. Over it, a 429 page with
 * Retry-After instead of the API's problem+json.
 */
export function pageRateLimit(ctx: Ctx) {
  const limit = ctx.limiter
  return async (c: Context<WebEnv>, keyId: string): Promise<Response | null> => {
    try {
      limit(keyId)
      return null
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'rate_limited') throw error
      c.header('Retry-After', String(error.retryAfterSeconds ?? 1))
      const tr = c.var.tr
      return renderMessage(c, {
        tr,
        title: tr.t('error.rateLimited.title'),
        message: tr.t('error.rateLimited'),
        status: 429,
      })
    }
  }
}
