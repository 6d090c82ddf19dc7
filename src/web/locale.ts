import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { WebEnv } from './request-variables.ts'
import { fromAcceptLanguage, isLocale, type Locale, translator } from './i18n/index.ts'

export const LANG_COOKIE = 'lang'

/** The page language: `?lang=`, then the `lang` cookie, then Accept-Language, then English. */
export function localeOf(c: Context): Locale {
  const asked = c.req.query('lang')
  if (isLocale(asked)) return asked
  const remembered = getCookie(c, LANG_COOKIE)
  return isLocale(remembered) ? remembered : fromAcceptLanguage(c.req.header('accept-language'))
}

/** Puts the page's translator on the context; a `?lang=` choice is remembered for a year. */
export const withLocale: MiddlewareHandler<WebEnv> = async (c, next) => {
  const asked = c.req.query('lang')
  if (isLocale(asked)) {
    setCookie(c, LANG_COOKIE, asked, {
      path: '/',
      sameSite: 'Lax',
      httpOnly: true,
      maxAge: 365 * 24 * 3600,
    })
  }
  c.set('tr', translator(localeOf(c)))
  await next()
}
