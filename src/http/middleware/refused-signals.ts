import type { MiddlewareHandler } from 'hono'
import type { Ctx } from '../../domain/context.ts'
import { isNdjson } from '../batch-body.ts'

/**
 * Counts the signals of a batch refused at the edge (a 400: invalid JSON, NDJSON or schema)
 * into `intent_signals_rejected_total`: such a batch never reaches the ingest runner, which
 * counts the rest. All of a refused batch is refused, so all of it counts. The body was read
 * by then; Hono keeps it, so reading it again costs no second transfer.
 */
export function countRefusedSignals(ctx: Ctx): MiddlewareHandler {
  return async (c, next) => {
    await next()
    if (c.res.status !== 400) return
    ctx.metrics.signalsRejected.inc(await signalsSent(c))
  }
}

async function signalsSent(c: Parameters<MiddlewareHandler>[0]): Promise<number> {
  try {
    if (isNdjson(c))
      return (await c.req.text()).split('\n').filter((line) => line.trim() !== '').length
    const body = (await c.req.json()) as { signals?: unknown } | null
    return Array.isArray(body?.signals) ? body.signals.length : 0
  } catch {
    return 0 // not JSON at all: no signal can be told apart
  }
}
