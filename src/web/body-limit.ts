import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { translator } from './i18n/index.ts'
import { localeOf } from './locale.ts'
import { renderMessage } from './render.tsx'
import { setPageHeaders } from './security.ts'

/**
 * Outside /v1 only the sign-in form and the sign-out button post, and they need a few hundred
 * bytes: 8 KiB is ample for a 200-character key, `next` (≤ 2 KiB) and multipart framing.
 */
export const PAGE_MAX_BODY_BYTES = 8 * 1024

/**
 * The limit for every route outside /v1, with the same mechanism as /v1's MAX_BODY_BYTES:
 * Hono's bodyLimit refuses a larger Content-Length before reading, and counts a chunked body
 * while it streams in, stopping at the limit. The 413 page is answered before any route runs,
 * so nothing else happens: no parsing, no throttle, no session. `Connection: close` lets the
 * server drop the socket instead of draining the rest of a huge body.
 */
export function pageBodyLimit(): MiddlewareHandler {
  return bodyLimit({
    maxSize: PAGE_MAX_BODY_BYTES,
    onError: (c) => {
      const tr = translator(localeOf(c))
      setPageHeaders(c)
      c.header('Connection', 'close')
      return renderMessage(c, {
        tr,
        title: tr.t('error.tooLarge.title'),
        message: tr.t('error.tooLarge'),
        status: 413,
      })
    },
  })
}
