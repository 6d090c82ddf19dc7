import type { Child } from 'hono/jsx'
import type { Principal } from '../domain/keys.ts'
import { LOCALE_NAMES, LOCALES, type Translator } from './i18n/index.ts'

export interface LayoutProps {
  tr: Translator
  title: string
  /** The page's own URL (path and query), for the language links. */
  url: URL
  principal?: Principal | undefined
  children?: Child
}

/** The same page in another language: the current query with `lang` replaced. */
export function languageHref(url: URL, locale: string): string {
  const params = new URLSearchParams(url.search)
  params.set('lang', locale)
  return `${url.pathname}?${params}`
}

function LanguageSwitch({ tr, url }: { tr: Translator; url: URL }) {
  return (
    <nav class="langs" aria-label={tr.t('nav.language')}>
      {LOCALES.map((locale) => (
        <a
          href={languageHref(url, locale)}
          lang={locale}
          hreflang={locale}
          aria-current={locale === tr.locale ? 'true' : undefined}
        >
          {LOCALE_NAMES[locale]}
        </a>
      ))}
    </nav>
  )
}

export function Layout({ tr, title, url, principal, children }: LayoutProps) {
  return (
    <html lang={tr.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${tr.t('app.name')}`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer />
      </head>
      <body>
        <a class="skip" href="#main">
          {tr.t('app.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {tr.t('app.name')}
          </a>
          <nav aria-label={tr.t('app.nav')}>
            <ul>
              {principal && (
                <li>
                  <a href="/">{tr.t('nav.leaderboard')}</a>
                </li>
              )}
              {principal && (
                <li>
                  <a href="/segments">{tr.t('nav.segments')}</a>
                </li>
              )}
              {principal && (
                <li>
                  <form method="post" action="/signout">
                    <button
                      type="submit"
                      class="link"
                      title={tr.t('nav.signedIn', { scope: principal.scope })}
                    >
                      {tr.t('nav.signout')}
                    </button>
                  </form>
                </li>
              )}
            </ul>
          </nav>
          <LanguageSwitch tr={tr} url={url} />
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  )
}
