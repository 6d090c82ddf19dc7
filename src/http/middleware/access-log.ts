import type { MiddlewareHandler } from 'hono'
import type { Logger } from '../../logger.ts'
import type { AppEnv } from '../router.ts'

/**
 * One JSON line per request. It names the route pattern, never the concrete path: paths
 * carry e-mail addresses, and logs must not hold personal data.
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    await next()
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        keyId: c.get('principal')?.keyId,
      },
      'request',
    )
  }
}
