import { ENV_ADMIN_KEY_ID, type Principal } from './keys.ts'
import type { Ctx } from './context.ts'
import { reportBackgroundFailure } from './storage-health.ts'

/**
 * A key's `last_used_at` is written at most this often: "when was this key last used" wants
 * minutes, not every request's write.
 */
export const KEY_USE_INTERVAL_MS = 60_000

/** When each key's use was last written, and the writes not yet done: made by `buildContext`. */
export interface KeyUseLog {
  writtenAt: Map<string, number>
  writing: Set<Promise<void>>
}

export function createKeyUseLog(): KeyUseLog {
  return { writtenAt: new Map(), writing: new Set() }
}

/**
 * Notes that a stored key served a request. Called only once the request succeeded, so a
 * refused request writes nothing; the write waits for the next turn of the event loop, so the
 * answer never waits for it, and a failed write is logged, not the request's failure.
 */
export function recordKeyUse(ctx: Ctx, principal: Principal): void {
  if (principal.keyId === ENV_ADMIN_KEY_ID) return // the environment's key has no row
  const log = ctx.keyUse
  const now = ctx.clock.now()
  const last = log.writtenAt.get(principal.keyId)
  if (last !== undefined && now >= last && now - last < KEY_USE_INTERVAL_MS) return
  log.writtenAt.set(principal.keyId, now)
  const write = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => ctx.store.apiKeys.touch(principal.keyId, now))
    .catch((error: unknown) => reportBackgroundFailure(ctx, error, 'could not record a key use'))
    .finally(() => log.writing.delete(write))
  log.writing.add(write)
}

/** Resolves once every key use noted so far is written: `stop()` awaits it before closing. */
export async function keyUsesWritten(ctx: Ctx): Promise<void> {
  await Promise.all(ctx.keyUse.writing)
}
