import type { Context } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'
import type { Ctx } from '../domain/context.ts'
import type { Principal } from '../domain/keys.ts'
import {
  endSession,
  SESSION_LIFETIME_MS,
  sessionPrincipal,
  startSession,
} from '../domain/sessions.ts'

export { SESSION_LIFETIME_MS }
export const SESSION_COOKIE = 'intent_session'

/** Secure follows the scheme the browser used, also behind a TLS-terminating proxy. */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

function cookieOptions(c: Context): CookieOptions {
  return { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) }
}

/**
 * The session cookie holds a random token, signed so that a forged or garbled cookie is
 * refused before the database is asked; the session itself is a server-side record.
 */
export function sessions(ctx: Ctx, secret: string) {
  const tokenOf = async (c: Context): Promise<string | null> => {
    const value = await getSignedCookie(c, secret, SESSION_COOKIE)
    return typeof value === 'string' ? value : null
  }

  return {
    async start(c: Context, principal: Principal): Promise<void> {
      // A sign-in over an open session replaces it rather than leaving it behind.
      const previous = await tokenOf(c)
      if (previous !== null) await endSession(ctx, previous)
      const { token, expiresAt } = await startSession(ctx, principal)
      await setSignedCookie(c, SESSION_COOKIE, token, secret, {
        ...cookieOptions(c),
        expires: new Date(expiresAt),
      })
    },

    /** The signed-in principal, or null: no cookie, a bad signature, ended, expired, or a dead key. */
    async read(c: Context): Promise<Principal | null> {
      const token = await tokenOf(c)
      return token === null ? null : sessionPrincipal(ctx, token)
    },

    /** Ends the session record (if any) and clears the cookie. */
    async end(c: Context): Promise<void> {
      const token = await tokenOf(c)
      if (token !== null) await endSession(ctx, token)
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c))
    },
  }
}

export type Sessions = ReturnType<typeof sessions>
