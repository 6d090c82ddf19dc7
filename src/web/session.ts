import type { Context } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'
import type { Ctx } from '../domain/context.ts'
import type { Principal } from '../domain/keys.ts'
import { sessionPrincipal, sessionSecret } from '../domain/pages.ts'

export const SESSION_COOKIE = 'intent_session'
/** A working day and then some: a seller signs in once in the morning. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000

/** Secure follows the scheme the browser used, also behind a TLS-terminating proxy. */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

function cookieOptions(c: Context): CookieOptions {
  return { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) }
}

/**
 * Signed session cookies holding `<key id>|<expiry ms>`: never the key itself. The HMAC keeps
 * the content honest; the key's standing is read again on every request, so revoking a key
 * ends its sessions at once.
 */
export function sessions(ctx: Ctx) {
  let secret: Promise<string> | undefined
  const signingSecret = () => {
    secret ??= sessionSecret(ctx).catch((error: unknown) => {
      secret = undefined
      throw error
    })
    return secret
  }

  return {
    async start(c: Context, principal: Principal): Promise<void> {
      const expiresAt = ctx.clock.now() + SESSION_LIFETIME_MS
      await setSignedCookie(
        c,
        SESSION_COOKIE,
        `${principal.keyId}|${expiresAt}`,
        await signingSecret(),
        {
          ...cookieOptions(c),
          expires: new Date(expiresAt),
        },
      )
    },

    /** The signed-in principal, or null: no cookie, a bad signature, expired, or a dead key. */
    async read(c: Context): Promise<Principal | null> {
      const value = await getSignedCookie(c, await signingSecret(), SESSION_COOKIE)
      if (typeof value !== 'string') return null
      const separator = value.lastIndexOf('|')
      const keyId = value.slice(0, separator)
      const expiresAt = Number(value.slice(separator + 1))
      if (separator <= 0 || !Number.isSafeInteger(expiresAt)) return null
      if (expiresAt <= ctx.clock.now()) return null
      return sessionPrincipal(ctx, keyId)
    },

    end(c: Context): void {
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c))
    },
  }
}

export type Sessions = ReturnType<typeof sessions>
