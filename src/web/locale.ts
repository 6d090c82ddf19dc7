import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { WebEnv } from './env.ts'
import { fromAcceptLanguage, isLocale, type Locale, translator } from './i18n/index.ts'

export const LANG_COOKIE = 'lang'

/**
 * The page language: `?lang=` (remembered in a cookie for a year), then the cookie, then
 * Accept-Language, then English.
 */
export const withLocale: MiddlewareHandler<WebEnv> = async (c, next) => {
  const asked = c.req.query('lang')
  const remembered = getCookie(c, LANG_COOKIE)
  let locale: Locale
  if (isLocale(asked)) {
    locale = asked
    setCookie(c, LANG_COOKIE, asked, {
      path: '/',
      sameSite: 'Lax',
      httpOnly: true,
      maxAge: 365 * 24 * 3600,
    })
  } else if (isLocale(remembered)) locale = remembered
  else locale = fromAcceptLanguage(c.req.header('accept-language'))
  c.set('tr', translator(locale))
  await next()
}
