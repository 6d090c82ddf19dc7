import type { Context, MiddlewareHandler } from 'hono'
import type { WebEnv } from './request-variables.ts'

/**
 * The pages' policy. No inline script or style at all (scripts and CSS come from /assets),
 * images only from here or data: URLs (the icon, /favicon.svg, is an image from here), and no
 * framing. /docs sets its own policy for the Swagger UI files it serves (http/routes/docs.ts).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** Also for the pages answered before any route runs (413). */
export function setPageHeaders(c: Context): void {
  c.header('Content-Security-Policy', PAGE_CSP)
  // Pages show customer data: no shared caches, no back-button copies after sign-out.
  c.header('Cache-Control', 'no-store')
  c.header('Vary', 'Cookie, Accept-Language')
}

export const pageHeaders: MiddlewareHandler<WebEnv> = async (c, next) => {
  await next()
  setPageHeaders(c)
}

/**
 * A POST must come from our own pages. SameSite=Strict already keeps the session cookie off
 * cross-site requests; this also refuses cross-site form posts (login CSRF). Sec-Fetch-Site is
 * asked first: under `Referrer-Policy: no-referrer` (set app-wide) browsers send `Origin: null`
 * even for same-origin form posts. Clients sending neither header are not browsers.
 */
export function sameOrigin(publicUrl: string | undefined): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site')
    const origin = c.req.header('origin')
    const ours = [new URL(c.req.url).origin, publicUrl && new URL(publicUrl).origin]
    const allowed =
      site !== undefined
        ? site === 'same-origin' || site === 'none'
        : origin === undefined || ours.includes(origin)
    if (!allowed) return c.text('Cross-site form posts are refused.', 403)
    await next()
  }
}
