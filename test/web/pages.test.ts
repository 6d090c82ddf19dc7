import { beforeAll, describe, expect, it } from 'vitest'
import { defaultModel } from '../../src/domain/in-market.ts'
import { sigmoid } from '../../src/scoring/model.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { page, seed, sessionCookieOf, signIn } from './helpers.ts'

const SCRIPT = '<script>alert(1)</script>'
const IMG = '"><img src=x onerror=alert(1)>'

let t: TestApp
let cookie: string

const html = async (path: string, headers: Record<string, string> = {}) => {
  const response = await page(t, path, cookie, headers)
  return { status: response.status, headers: response.headers, body: await response.text() }
}
const accountLinks = (body: string) =>
  [...body.matchAll(/<a href="\/accounts\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!))

beforeAll(async () => {
  t = await buildTestApp()
  const committee = [
    { email: 'anna@acme.pl', name: 'Anna Nowak', title: 'Dyrektor Finansowy' },
    { email: 'ivan@acme.pl', name: 'Ivan', title: 'CTO' },
  ]
  await seed(t, [
    {
      domain: 'acme.pl',
      name: 'Acme Sp. z o.o.',
      industry: 'Manufacturing',
      country: 'PL',
      topics: ['Data Warehouse', 'CRM Software'],
      contacts: committee,
      intensity: 3,
    },
    {
      domain: 'globex.de',
      name: 'Globex GmbH',
      industry: 'Software',
      country: 'DE',
      topics: ['CRM Software'],
      contacts: [{ email: 'jo@globex.de', name: 'Jo', title: 'VP Sales' }],
      intensity: 2,
    },
    {
      domain: 'evil-corp.com',
      name: SCRIPT,
      industry: IMG,
      country: 'US',
      topics: [IMG],
      contacts: [{ email: 'x@evil-corp.com', name: IMG, title: IMG }],
      intensity: 2,
    },
    // Quiet accounts to fill more than one page.
    ...Array.from({ length: 26 }, (_, i) => ({
      domain: `quiet${String(i).padStart(2, '0')}.com`,
      name: `Quiet ${i}`,
      industry: 'Retail',
      country: 'FR',
    })),
  ])
  cookie = sessionCookieOf(await signIn(t, t.keys.read))
}, 60_000)

describe('the leaderboard', () => {
  it('lists accounts by score, highest first, with label, stage, topics, coverage and fit', async () => {
    const { status, body, headers } = await html('/?label=all')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toMatch(/^text\/html/)
    expect(body).toMatch(/^<!DOCTYPE html><html lang="en">/)
    expect(body).toContain('29 accounts')
    expect(accountLinks(body)[0]).toBe('acme.pl')
    expect(accountLinks(body)).toHaveLength(25)
    expect(body).toMatch(/<span class="badge hot">hot<\/span>/)
    expect(body).toContain('<a href="/topics/Data%20Warehouse">Data Warehouse</a>')
    expect(body).toContain('Page 1 of 2')
  })

  it('pages: the second page holds the rest and links back', async () => {
    const { body } = await html('/?label=all&page=2')
    expect(accountLinks(body)).toHaveLength(4)
    expect(body).toContain('Page 2 of 2')
    expect(body).toContain('<a href="/?label=all" rel="prev">')
  })

  it.each([
    ['?q=globex', ['globex.de']],
    ['?q=SP. Z', ['acme.pl']],
    ['?country=pl', ['acme.pl']],
    ['?industry=software', ['globex.de']],
    ['?topic=crm%20software', ['acme.pl', 'globex.de']],
    ['?label=hot&minScore=1', ['acme.pl']],
    ['?minScore=100', []],
    ['?q=quiet0&country=FR&label=all', Array.from({ length: 10 }, (_, i) => `quiet0${i}.com`)],
    ['?q=nothing-like-this', []],
  ])('filters and search: %s', async (query, expected) => {
    const { status, body } = await html(`/${query}`)
    expect(status).toBe(200)
    expect(accountLinks(body).sort()).toEqual(expected)
  })

  it('keeps the filters when paging', async () => {
    const { body } = await html('/?industry=Retail&label=all&page=1')
    expect(body).toContain('href="/?label=all&amp;industry=Retail&amp;page=2"')
  })

  it.each([
    ['minScore=abc', 'Minimum score must be a whole number from 0 to 100.'],
    ['minScore=101', 'Minimum score must be a whole number from 0 to 100.'],
    ['label=boiling', 'Label must be hot, warm or cold.'],
    ['country=Poland', 'Country must be a two-letter code such as PL.'],
    ['page=0', 'Page must be a whole number from 1.'],
  ])(
    'a bad filter (%s) re-renders the form with a 400 and says what is wrong',
    async (query, message) => {
      const { status, body } = await html(`/?${query}`)
      expect(status).toBe(400)
      expect(body).toContain(message)
      // Every field but the page number is a form control that marks itself invalid.
      if (!query.startsWith('page=')) expect(body).toContain('aria-invalid="true"')
      expect(accountLinks(body)).toEqual([])
    },
  )

  it('lists every bad filter at once', async () => {
    const { status, body } = await html('/?minScore=abc&label=x&country=123')
    expect(status).toBe(400)
    expect(body.match(/class="field-error"/g)).toHaveLength(3)
  })
})

describe('the account page', () => {
  it('shows score, reasons, surging topics, history, committee, timeline and firmographics', async () => {
    const { status, body } = await html('/accounts/acme.pl')
    expect(status).toBe(200)
    for (const section of ['score', 'reasons', 'committee', 'timeline', 'firmographics']) {
      expect(body).toContain(`data-section="${section}"`)
    }
    expect(body).toContain('data-chart="bars"')
    expect(body).toMatch(
      /<svg class="chart" viewBox="0 0 640 240" role="img" aria-labelledby="line-title line-desc">/,
    )
    expect(body).toMatch(/<path class="score" d="M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){89}"/)
    expect(body).toContain('Anna Nowak')
    expect(body).toMatch(
      /<li class="missing">[^<]+<span class="visually-hidden"> \(Missing roles\)/,
    )
    expect(body).not.toContain('NaN')
  })

  it('says which way each reason moves the score, shows the base rate and links to the model’s backtest', async () => {
    const { body } = await html('/accounts/acme.pl')
    const effects = [...body.matchAll(/<li data-effect="(raises|lowers|none)">/g)].map((m) => m[1])
    expect(effects.length).toBe(defaultModel().terms.length)
    expect(effects).toContain('raises')
    // Each row's words agree with its sign: + raises, − lowers, · neither.
    for (const [, effect, sign, words] of body.matchAll(
      /<li data-effect="(\w+)"><span class="sign[^"]*" aria-hidden="true">([^<]+)<\/span><span><strong>[^<]+<\/strong> <span class="muted">\(([^)]+)\)/g,
    )) {
      expect({ raises: '+', lowers: '−', none: '·' }[effect as 'raises']).toBe(sign)
      expect(words).toBe(
        {
          raises: 'raises the score',
          lowers: 'lowers the score',
          none: 'does not change the score',
        }[effect as 'raises'],
      )
    }
    // The base rate is the model's own, not a constant of the page.
    const rate = Math.round(100 * sigmoid(defaultModel().base))
    expect(body).toContain(`Most accounts start at ${rate}%: the model’s base rate`)
    expect(body).toContain(`<a href="/models/${defaultModel().id}">How this model was tested</a>`)
    // No profile is configured and the shipped model learned no lookalike: no grade, said so.
    expect(body).toContain('<span data-fit-grade="none">not configured</span>')
  })

  it('accepts the domain in any form the API does (www., upper case)', async () => {
    expect((await html('/accounts/WWW.ACME.PL')).status).toBe(200)
  })

  it('an unknown account is an HTML 404 page', async () => {
    const { status, body, headers } = await html('/accounts/unknown-company.com')
    expect(status).toBe(404)
    expect(headers.get('content-type')).toMatch(/^text\/html/)
    expect(body).toContain('There is no account “unknown-company.com”.')
  })

  it('a path that is not a domain is a 404 page too, with the text escaped', async () => {
    const { status, body } = await html(`/accounts/${encodeURIComponent(SCRIPT)}`)
    expect(status).toBe(404)
    expect(body).not.toContain(SCRIPT)
  })
})

describe('the model page', () => {
  it('shows the backtest beside the plain logistic, the calibration and what the model learned from', async () => {
    const { status, body } = await html(`/models/${defaultModel().id}`)
    expect(status).toBe(200)
    expect(body).toContain(`How model ${defaultModel().id} was tested`)
    expect(body).toContain('This is the model shipped with the service')
    expect(body).toContain('data-section="metrics"')
    expect(body).toContain('Plain logistic regression')
    expect(body).toMatch(
      /ROC AUC \(95 % interval\)<\/th><td class="num">0\.\d{3} \(0\.\d{3}–0\.\d{3}\)/,
    )
    expect(body).toContain('data-section="calibration"')
    expect(body).toContain('<td>Engagement</td>')
    expect(body).not.toContain('NaN')
  })

  it('speaks the reader’s language', async () => {
    const { body } = await html(`/models/${defaultModel().id}`, { 'accept-language': 'pl' })
    expect(body).toContain('Jak przetestowano model')
    expect(body).toContain('Zwykła regresja logistyczna')
  })

  it('is an HTML 404 for a model it does not have, with the id escaped', async () => {
    const { status, body } = await html(`/models/${encodeURIComponent(SCRIPT)}`)
    expect(status).toBe(404)
    expect(body).not.toContain(SCRIPT)
    expect(body).toContain('There is no model')
  })
})

describe('the topic page', () => {
  it('lists accounts surging on the topic, matched like the API (case-insensitive)', async () => {
    const { status, body } = await html('/topics/crm%20SOFTWARE')
    expect(status).toBe(200)
    expect(body).toContain('Accounts surging on “CRM Software”')
    expect(accountLinks(body).sort()).toEqual(['acme.pl', 'globex.de'])
  })

  it('an unknown topic is a 404 page', async () => {
    expect((await html('/topics/Underwater%20Basket%20Weaving')).status).toBe(404)
  })
})

describe('escaping user data', () => {
  const noRawInjection = (body: string) => {
    expect(body).not.toContain(SCRIPT)
    expect(body).not.toContain('<img src=x')
    expect(body).not.toMatch(/onerror=alert\(1\)>/)
  }

  it('the leaderboard shows a hostile name and industry as text', async () => {
    const { body } = await html('/?q=evil')
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(body).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    noRawInjection(body)
  })

  it('the account page shows hostile names, titles and topics as text', async () => {
    const { status, body } = await html('/accounts/evil-corp.com')
    expect(status).toBe(200)
    expect(body).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>')
    expect(body).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; · Intent</title>')
    expect(body.split('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;').length).toBeGreaterThan(4)
    noRawInjection(body)
  })

  it('the topic page and search echo are escaped, including in attributes', async () => {
    const topic = await html(`/topics/${encodeURIComponent(IMG)}`)
    expect(topic.status).toBe(200)
    noRawInjection(topic.body)
    const search = await html(`/?q=${encodeURIComponent(IMG)}&minScore=x`)
    expect(search.body).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"')
    noRawInjection(search.body)
  })
})

describe('headers', () => {
  it.each([
    '/',
    '/accounts/acme.pl',
    '/topics/CRM%20Software',
    '/accounts/nope.com',
    '/?minScore=x',
  ])('%s has the strict CSP and is not cached', async (path) => {
    const { headers } = await html(path)
    const csp = headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("img-src 'self' data:")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(headers.get('cache-control')).toBe('no-store')
  })

  it('the API and /docs keep their own headers', async () => {
    const api = await t.call('/v1/accounts', { scope: 'read' })
    expect(api.headers.get('content-security-policy')).toBeNull()
    expect(api.headers.get('content-type')).toMatch(/json/)
    // /docs has its own policy for Swagger UI (test/http/security-web.test.ts), not the pages'.
    const docs = await t.app.request('/docs')
    expect(docs.headers.get('content-security-policy')).not.toContain("script-src 'self'")
  })

  it('pages carry no inline script or style', async () => {
    const { body } = await html('/accounts/acme.pl')
    expect(body).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(body).not.toMatch(/\sstyle=/)
    expect(body).not.toMatch(/\son[a-z]+=/)
  })

  it('serves the stylesheet and script the CSP allows', async () => {
    const css = await t.app.request('/assets/app.css')
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
    expect(await css.text()).toContain(':focus-visible')
    const js = await t.app.request('/assets/app.js')
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/)
  })
})

describe('language', () => {
  it.each([
    ['pl-PL,pl;q=0.9,en;q=0.8', 'pl', 'Firmy gotowe do zakupu'],
    ['ru', 'ru', 'Компании, готовые к покупке'],
    ['de-DE,de;q=0.9', 'en', 'In-market accounts'],
    ['de, ru;q=0.5, pl;q=0.7', 'pl', 'Firmy gotowe do zakupu'],
  ])('Accept-Language %s → %s', async (header, lang, heading) => {
    const { body } = await html('/', { 'accept-language': header })
    expect(body).toContain(`<html lang="${lang}">`)
    expect(body).toContain(`<h1>${heading}</h1>`)
  })

  it('uses each language’s plural rules and number format', async () => {
    expect((await html('/?label=all', { 'accept-language': 'pl' })).body).toContain('29 firm')
    expect((await html('/?q=acme', { 'accept-language': 'pl' })).body).toContain('1 firma')
    expect((await html('/?industry=Retail&label=all', { 'accept-language': 'ru' })).body).toContain(
      '26 компаний',
    )
    expect((await html('/?q=e', { 'accept-language': 'ru' })).body).toMatch(/\d+ компани/)
  })

  it('?lang= switches and remembers the choice in a cookie that beats Accept-Language', async () => {
    const first = await page(t, '/?lang=ru', cookie, { 'accept-language': 'pl' })
    expect(await first.text()).toContain('<html lang="ru">')
    const lang = first.headers.getSetCookie().find((c) => c.startsWith('lang='))!
    expect(lang).toMatch(/^lang=ru;/)
    const next = await html('/', { 'accept-language': 'pl', cookie: `${cookie}; lang=ru` })
    expect(next.body).toContain('<html lang="ru">')
  })

  it('an unknown ?lang= is ignored', async () => {
    const { body } = await html('/?lang=xx', { 'accept-language': 'pl' })
    expect(body).toContain('<html lang="pl">')
  })

  it('the sign-in page follows Accept-Language too', async () => {
    const response = await t.app.request('/signin', { headers: { 'accept-language': 'ru-RU' } })
    expect(await response.text()).toContain('<label for="key">API-ключ</label>')
  })
})
