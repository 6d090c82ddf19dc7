import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Metrics } from '../../domain/metrics.ts'

/**
 * Times every request into `intent_http_request_duration_seconds`, labelled by the route's
 * pattern (`/v1/accounts/:domain`, never the domain itself), so the label set stays as small
 * as the route table. A request no route matched is `unmatched`.
 */
/** Methods are client text: any other is counted as `other`, so no client can add labels. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export function requestMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const pattern = routePath(c, -1)
      const route = pattern === '*' || pattern.endsWith('/*') ? 'unmatched' : pattern
      metrics.httpRequestDuration.observe(
        {
          route,
          method: METHODS.has(c.req.method) ? c.req.method : 'other',
          status: String(c.res.status),
        },
        (performance.now() - started) / 1000,
      )
    }
  }
}
