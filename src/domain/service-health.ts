import type { Ctx } from './context.ts'

/** Why the service says it is degraded; each reason comes with a sentence for the operator. */
export type DegradedCode =
  | 'storage_full'
  | 'storage_unavailable'
  | 'low_disk_space'
  | 'event_loop_lag'

export interface DegradedReason {
  code: DegradedCode
  message: string
}

const MB = 1_000_000

/**
 * What /healthz says: `unavailable` when the database cannot be reached; `degraded` while
 * writes are refused (the last refused write within a minute, none succeeding since), the
 * database's volume is nearly full, or the event loop runs late; `ok` otherwise. Cheap: one
 * `SELECT 1`, a statfs at most every few seconds and a histogram read.
 */
export async function serviceHealth(ctx: Ctx) {
  const database = await ctx.store.health()
  const reasons: DegradedReason[] = []
  const fault = ctx.health.storage.currentFault()
  if (fault !== null) {
    const since = new Date(fault.at).toISOString()
    reasons.push(
      fault.fault === 'full'
        ? {
            code: 'storage_full',
            message: `Writes are refused: the disk is full (${fault.code}, last at ${since}).`,
          }
        : {
            code: 'storage_unavailable',
            message: `Writes are refused: the storage cannot be written (${fault.code}, last at ${since}).`,
          },
    )
  }
  const freeBytes = ctx.health.storage.freeBytes()
  const minFree = ctx.config.HEALTH_MIN_FREE_MB * MB
  if (minFree > 0 && freeBytes !== null && freeBytes < minFree) {
    reasons.push({
      code: 'low_disk_space',
      message: `${Math.floor(freeBytes / MB)} MB free on the database's volume, under HEALTH_MIN_FREE_MB (${ctx.config.HEALTH_MIN_FREE_MB}).`,
    })
  }
  const lagMs = ctx.health.loop.maxMs()
  const maxLag = ctx.config.HEALTH_MAX_LAG_MS
  if (maxLag > 0 && lagMs > maxLag) {
    reasons.push({
      code: 'event_loop_lag',
      message: `The event loop ran ${Math.round(lagMs)} ms late, over HEALTH_MAX_LAG_MS (${maxLag}): requests wait behind long work.`,
    })
  }
  const status = !database.reachable ? 'unavailable' : reasons.length > 0 ? 'degraded' : 'ok'
  return {
    status: status as 'ok' | 'degraded' | 'unavailable',
    reasons,
    database,
    storage: { freeBytes },
    eventLoop: { maxLagMs: Math.round(lagMs * 10) / 10 },
  }
}

/**
 * What /readyz says: whether this process should be sent traffic. Not before it has started
 * (the database open and migrated, the background work running), not once it has begun to
 * stop, and not while its database is unreachable or of another schema version.
 */
export async function serviceReadiness(ctx: Ctx) {
  const database = await ctx.store.health()
  const migrated = database.reachable && database.schemaVersion === database.latestSchemaVersion
  const started = ctx.health.ready()
  return { ready: started && migrated, started, migrated }
}
