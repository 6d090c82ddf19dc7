import type { MiddlewareHandler } from 'hono'
import type { Ctx } from '../../domain/context.ts'
import type { AppEnv } from '../router.ts'

/**
 * Brings the process's taxonomy up to date before the body is validated (validation derives
 * topics with it, synchronously): one row read, a recompilation only when it changed.
 */
export function freshTaxonomy(ctx: Ctx): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    await ctx.taxonomy.refresh()
    await next()
  }
}
