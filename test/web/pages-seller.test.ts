import { beforeAll, describe, expect, it } from 'vitest'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { NOW, type TestApp, buildTestApp } from '../helpers/app.ts'
import { page, seed, sessionCookieOf, signIn } from './helpers.ts'

/**
 * The pages as a seller reads them (issue 18): which accounts the leaderboard lists and under
 * what title, a page number past the end, names on the topic page, industries in words, who
 * sent a signal, an address said once, a stage that agrees with its label, and the icon.
 */

let t: TestApp
let cookie: string

const html = async (path: string, headers: Record<string, string> = {}) => {
  const response = await page(t, path, cookie, headers)
  return { status: response.status, headers: response.headers, body: await response.text() }
}
const h1 = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1]
const title = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1]
/** Each leaderboard row's domain, label and stage, in order. */
const rows = (body: string) =>
  [
    ...body.matchAll(
      /<a href="\/accounts\/([^"]+)">.*?<span class="badge (\w+)">[^<]*<\/span><\/td><td data-label="[^"]+" class="word">([^<]+)<\/td>/g,
    ),
  ].map(([, domain, label, stage]) => ({ domain: decodeURIComponent(domain!), label, stage }))
const section = (body: string, name: string) => {
  const start = body.indexOf(`data-section="${name}"`)
  expect(start, name).toBeGreaterThan(-1)
  return body.slice(start, body.indexOf('</section>', start))
}

/** The "who to reach next" entry that mentions `needle`. */
const recommendedEntry = (body: string, needle: string) => {
  const list = section(body, 'committee').split('data-section="recommended"')[1] ?? ''
  const entry = list.split('<li>').find((item) => item.includes(needle))
  expect(entry, needle).toBeDefined()
  return entry!.slice(0, entry!.indexOf('</li>'))
}
/** How often `text` is shown, not counting attributes such as a mailto: link's href. */
const shown = (markup: string, text: string) =>
  markup.replace(/<[^>]*>/g, '').split(text).length - 1

const ANON = 'nameless@acme.pl'
const BUYER = 'buyer@acme.pl'

beforeAll(async () => {
  t = await buildTestApp()
  await seed(t, [
    {
      domain: 'acme.pl',
      name: 'Acme Sp. z o.o.',
      industry: 'professional_services',
      country: 'PL',
      topics: ['Data Warehouse', 'CRM Software'],
      contacts: [
        { email: 'anna@acme.pl', name: 'Anna Nowak', title: 'Dyrektor Finansowy' },
        { email: 'ivan@acme.pl', name: 'Ivan', title: 'CTO' },
      ],
      intensity: 3,
    },
    {
      domain: 'globex.de',
      name: 'Globex GmbH',
      industry: 'Software',
      topics: ['CRM Software'],
      contacts: [{ email: 'jo@globex.de', name: 'Jo', title: 'VP Sales' }],
      intensity: 2,
    },
    // Forms, a surge and a CTO (the signal rules' "decision") spread over five people, which
    // the shipped model scores cold.
    {
      domain: 'spread.com',
      name: 'Spread Ltd',
      topics: ['ERP'],
      contacts: [
        { email: 'c0@spread.com', name: 'C0', title: 'CTO' },
        ...[1, 2, 3, 4].map((i) => ({
          email: `c${i}@spread.com`,
          name: `C${i}`,
          title: 'Accountant',
        })),
      ],
      intensity: 1,
    },
    ...Array.from({ length: 26 }, (_, i) => ({
      domain: `quiet${String(i).padStart(2, '0')}.com`,
      name: `Quiet ${i}`,
      industry: 'Retail',
    })),
  ])
  // Two contacts known only by address: one who just read something, one nobody has heard from.
  await t.json(`/v1/contacts/${ANON}`, 'PUT', { title: 'Marketing Manager' })
  await t.json(`/v1/contacts/${BUYER}`, 'PUT', { title: 'Procurement Manager' })
  await t.json('/v1/contacts/zofia@acme.pl', 'PUT', {
    name: 'Zofia Wiśniewska',
    title: 'Head of Procurement',
  })
  const hourAgo = (hours: number) => new Date(Date.parse(NOW) - hours * 3_600_000).toISOString()
  const posted = await t.json('/v1/signals', 'POST', {
    signals: [
      { type: 'content', contact: ANON, topic: 'Data Warehouse', occurredAt: hourAgo(1) },
      {
        type: 'web_visit',
        account: 'acme.pl',
        url: 'https://vendor.example/pricing',
        occurredAt: hourAgo(2),
      },
    ],
  })
  expect(posted.status).toBe(200)
  await refreshDirtyScores(t.ctx, 10_000)
  cookie = sessionCookieOf(await signIn(t, t.keys.read))
}, 60_000)

describe('which accounts the leaderboard lists', () => {
  it('lists the in-market (warm and hot) accounts by default, under a title that says so', async () => {
    const { body } = await html('/')
    expect(h1(body)).toBe('In-market accounts')
    const listed = rows(body)
    expect(listed.map((row) => row.domain)).toEqual(['acme.pl', 'globex.de'])
    expect(listed.every((row) => row.label === 'hot' || row.label === 'warm')).toBe(true)
    expect(body).toContain('2 accounts')
    expect(body).toContain('<option value="" selected="">Warm and hot</option>')
  })

  it('lists every account one click away, titled "All accounts"', async () => {
    const { body } = await html('/')
    expect(body).toContain('<a href="/?label=all" data-show-all="true">Show all accounts</a>')
    const all = await html('/?label=all')
    expect(h1(all.body)).toBe('All accounts')
    expect(title(all.body)).toBe('All accounts · Intent')
    expect(all.body).toContain('29 accounts')
    expect(rows(all.body).some((row) => row.label === 'cold')).toBe(true)
    expect(all.body).toContain('<option value="all" selected="">All labels</option>')
    expect(all.body).not.toContain('data-show-all')
  })

  it('keeps the other filters when showing all', async () => {
    const { body } = await html('/?industry=Retail')
    expect(body).toContain('0 accounts')
    expect(body).toContain('<a href="/?label=all&amp;industry=Retail" data-show-all="true">')
  })

  it.each([
    ['en', '/?label=hot', 'Hot accounts'],
    ['en', '/?label=cold', 'Cold accounts'],
    ['pl', '/', 'Firmy gotowe do zakupu'],
    ['pl', '/?label=all', 'Wszystkie firmy'],
    ['pl', '/?label=warm', 'Ciepłe firmy'],
    ['ru', '/', 'Компании, готовые к покупке'],
    ['ru', '/?label=all', 'Все компании'],
    ['ru', '/?label=cold', 'Холодные компании'],
  ])('%s %s is titled “%s”, and lists only what it says', async (lang, path, heading) => {
    const { body } = await html(path, { 'accept-language': lang })
    expect(h1(body)).toBe(heading)
    const label = new URLSearchParams(path.slice(1)).get('label')
    if (label && label !== 'all') expect(rows(body).every((row) => row.label === label)).toBe(true)
  })
})

describe('a page number past the end', () => {
  it.each([
    ['en', 'There are no accounts on page 999.', 'Go to the last page (2)', 'Go to the first page'],
    [
      'pl',
      'Na stronie 999 nie ma żadnej firmy.',
      'Przejdź do ostatniej strony (2)',
      'Przejdź do pierwszej strony',
    ],
    [
      'ru',
      'На странице 999 нет ни одной компании.',
      'Перейти на последнюю страницу (2)',
      'Перейти на первую страницу',
    ],
  ])(
    '%s: says the page is empty and links to the last and first pages',
    async (lang, empty, last, first) => {
      const { status, body } = await html('/?label=all&page=999', { 'accept-language': lang })
      expect(status).toBe(200)
      const past = section(body, 'past-end')
      expect(past).toContain(empty)
      expect(past).toContain(`<a href="/?label=all&amp;page=2">${last}</a>`)
      expect(past).toContain(`<a href="/?label=all">${first}</a>`)
      // Not "29 accounts" beside a message that nothing matches.
      expect(body).not.toMatch(/29 (accounts|firm|компани)/)
      expect(body).not.toContain('No account matches')
    },
  )

  it('with a single page, links to the first page only', async () => {
    const { body } = await html('/?page=5')
    const past = section(body, 'past-end')
    expect(past).toContain('<a href="/">Go to the first page</a>')
    expect(past).not.toContain('last page')
  })
})

describe('the topic page', () => {
  it('names each account and shows its score, label and stage, as the leaderboard does', async () => {
    const board = rows((await html('/?label=all')).body)
    const { body } = await html('/topics/CRM%20Software')
    for (const [domain, name] of [
      ['acme.pl', 'Acme Sp. z o.o.'],
      ['globex.de', 'Globex GmbH'],
    ] as const) {
      const row = board.find((r) => r.domain === domain)!
      const cell = new RegExp(
        `<a href="/accounts/${domain}">${name}</a><br/><span class="muted">${domain}</span></span></td><td data-label="Score" class="num">\\d+</td><td data-label="Label" class="word"><span class="badge ${row.label}">${row.label}</span></td><td data-label="Stage" class="word">${row.stage}</td>`,
      )
      expect(body).toMatch(cell)
    }
  })

  it('speaks the reader’s language in its new columns', async () => {
    const { body } = await html('/topics/CRM%20Software', { 'accept-language': 'ru' })
    expect(body).toContain('<th scope="col">Метка</th><th scope="col">Стадия</th>')
    expect(body).toMatch(
      /<span class="badge (hot|warm)">(горячая|тёплая)<\/span><\/td><td data-label="Стадия" class="word">решение<\/td>/,
    )
  })
})

describe('industries in words', () => {
  it.each([
    ['en', 'Professional services', 'Software'],
    ['pl', 'Usługi profesjonalne', 'Oprogramowanie'],
    ['ru', 'Профессиональные услуги', 'Программное обеспечение'],
  ])('%s: on the leaderboard, the filter and the account page', async (lang, acme, globex) => {
    const board = await html('/', { 'accept-language': lang })
    expect(board.body).toContain(`acme.pl · ${acme} · PL`)
    expect(board.body).toContain(`globex.de · ${globex}</span>`)
    expect(board.body).toContain(`<option value="professional_services">${acme}</option>`)
    const account = await html('/accounts/acme.pl', { 'accept-language': lang })
    expect(section(account.body, 'firmographics')).toMatch(new RegExp(`<dd>${acme}</dd>`))
    for (const body of [board.body, account.body]) {
      // The code only as the value a filter sends, never as text.
      expect(body.replaceAll('value="professional_services"', '')).not.toContain(
        'professional_services',
      )
    }
  })

  it('the filter still finds the accounts by the stored value', async () => {
    const { body } = await html('/?industry=professional_services')
    expect(rows(body).map((row) => row.domain)).toEqual(['acme.pl'])
    expect(body).toContain('<option value="professional_services" selected="">')
  })
})

describe('the account page', () => {
  it('labels both chart axes and the baseline bars, in the chart itself', async () => {
    for (const [lang, score, signals, recent, baseline] of [
      ['en', 'Score (0–100)', 'Signals per day', 'Recent', 'Baseline'],
      ['pl', 'Wynik (0–100)', 'Sygnały dziennie', 'Ostatnio', 'Poziom bazowy'],
      ['ru', 'Оценка (0–100)', 'Сигналов в день', 'Недавно', 'Базовый уровень'],
    ] as const) {
      const { body } = await html('/accounts/acme.pl', { 'accept-language': lang })
      const line = body.slice(
        body.indexOf('data-chart="line"'),
        body.indexOf('</svg>', body.indexOf('data-chart="line"')),
      )
      expect(line).toMatch(new RegExp(`data-axis="score">${score.replace(/[()]/g, '\\$&')}</text>`))
      expect(line).toContain(`data-axis="signals">${signals}</text>`)
      const bars = body.slice(
        body.indexOf('data-chart="bars"'),
        body.indexOf('</svg>', body.indexOf('data-chart="bars"')),
      )
      expect(bars).toMatch(new RegExp(`<g data-key="true">.*${recent}.*${baseline}.*</g>`))
      expect(bars).toMatch(/<text class="expected-value"[^>]*>\d/)
    }
  })

  it('recent signals name the contact by address when it has no name; account-level ones stay anonymous', async () => {
    const { body } = await html('/accounts/acme.pl')
    const timeline = body.slice(body.indexOf('data-section="timeline"'), body.indexOf('</ol>'))
    const people = [...timeline.matchAll(/<span class="muted" data-contact="(\w+)">([^<]*)/g)]
    expect(people[0]!.slice(1)).toEqual(['known', `${ANON}, Marketing Manager`])
    expect(people[1]!.slice(1)).toEqual(['none', 'someone at the company'])
    // Every signal with a contact names them.
    for (const [, kind, text] of people)
      if (kind === 'known') expect(text).not.toBe('someone at the company')
  })

  it('“who to reach next” gives a contact without a name its address once', async () => {
    const entry = recommendedEntry((await html('/accounts/acme.pl')).body, BUYER)
    expect(shown(entry, BUYER)).toBe(1)
    expect(entry).toContain(`<a href="mailto:buyer@acme.pl">${BUYER}</a>`)
    expect(entry).toContain('Procurement Manager')
  })

  it('a named contact is named, with the address once, as the link', async () => {
    const entry = recommendedEntry((await html('/accounts/acme.pl')).body, 'Zofia')
    expect(entry).toContain('<strong>Zofia Wiśniewska</strong> — Head of Procurement')
    expect(entry).toContain('<a href="mailto:zofia@acme.pl">zofia@acme.pl</a>')
    expect(shown(entry, 'zofia@acme.pl')).toBe(1)
  })
})

describe('stage and label agree', () => {
  it('an account the signal rules would put in "decision" but the model scores cold is shown in consideration', async () => {
    const { body } = await html('/?label=all')
    const spread = rows(body).find((row) => row.domain === 'spread.com')!
    expect(spread.label).toBe('cold')
    expect(spread.stage).toBe('consideration')
    const account = await html('/accounts/spread.com')
    expect(section(account.body, 'score')).toContain('<strong>consideration</strong>')
  })

  it('no listed account is cold and in decision', async () => {
    for (const path of ['/?label=all', '/?label=all&page=2', '/?label=cold']) {
      const listed = rows((await html(path)).body)
      expect(listed.length, path).toBeGreaterThan(0)
      expect(listed.filter((row) => row.label === 'cold' && row.stage === 'decision')).toEqual([])
    }
    expect(rows((await html('/?label=cold&stage=decision')).body)).toEqual([])
  })
})

describe('the icon', () => {
  it.each(['/favicon.svg', '/favicon.ico'])(
    '%s is an SVG anyone may fetch, cached',
    async (path) => {
      const response = await t.app.request(path)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/svg+xml')
      expect(response.headers.get('cache-control')).toMatch(/^public/)
      expect(await response.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    },
  )

  it.each(['/', '/accounts/acme.pl', '/topics/CRM%20Software', '/?page=999'])(
    '%s links to it, and its CSP lets it load',
    async (path) => {
      const { body, headers } = await html(path)
      expect(body).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>')
      expect(headers.get('content-security-policy')).toContain("img-src 'self'")
    },
  )

  it('the sign-in page has it too', async () => {
    const body = await (await t.app.request('/signin')).text()
    expect(body).toContain('<link rel="icon" href="/favicon.svg"')
  })
})
