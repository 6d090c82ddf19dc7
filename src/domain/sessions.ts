import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Ctx } from './context.ts'
import { ENV_ADMIN_KEY_ID, envAdminKeyHash, keyPrincipal, type Principal } from './keys.ts'

/** A working day and then some: a seller signs in once in the morning. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000
/** Far more browsers than one team shares a key with; bounds the table under a sign-in loop. */
const MAX_SESSIONS_PER_KEY = 1000
/** 32 random bytes as base64url: 256 bits, nothing to guess. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/

const hashToken = (token: string) => createHash('sha256').update(token).digest()

/**
 * A new server-side session for a principal that has just proven its key. The token goes into
 * the cookie and nowhere else; the store keeps only its SHA-256. A session of the environment
 * key remembers which environment key it was, so changing ADMIN_API_KEY ends it.
 */
export async function startSession(
  ctx: Ctx,
  principal: Principal,
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url')
  const now = ctx.clock.now()
  const expiresAt = now + SESSION_LIFETIME_MS
  const envKeyHash = principal.keyId === ENV_ADMIN_KEY_ID ? envAdminKeyHash(ctx.config) : null
  await ctx.store.sessions.create(
    hashToken(token),
    { keyId: principal.keyId, envKeyHash, createdAt: now, expiresAt },
    MAX_SESSIONS_PER_KEY,
  )
  return { token, expiresAt }
}

/**
 * Who a session token stands for now, or null: unknown, signed out, expired, or its key is
 * gone. The key's standing is read on every request, so revoking it ends its sessions at once.
 */
export async function sessionPrincipal(ctx: Ctx, token: string): Promise<Principal | null> {
  if (!TOKEN.test(token)) return null
  const now = ctx.clock.now()
  const session = await ctx.store.sessions.find(hashToken(token), now)
  if (!session) return null
  if (session.keyId === ENV_ADMIN_KEY_ID) {
    const current = envAdminKeyHash(ctx.config)
    const same =
      current !== null &&
      session.envKeyHash !== null &&
      timingSafeEqual(current, session.envKeyHash)
    return same ? { keyId: ENV_ADMIN_KEY_ID, scope: 'admin' } : null
  }
  return keyPrincipal(ctx, session.keyId)
}

/** Signing out: the record goes, so the cookie opens nothing even if it was copied. */
export async function endSession(ctx: Ctx, token: string): Promise<void> {
  if (TOKEN.test(token)) await ctx.store.sessions.delete(hashToken(token))
}
