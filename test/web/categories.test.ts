import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { page, seed, sessionCookieOf, signIn } from './helpers.ts'

let t: TestApp
let cookie: string

const html = async (path: string, headers: Record<string, string> = {}) =>
  (await page(t, path, cookie, headers)).text()

beforeAll(async () => {
  t = await buildTestApp()
  await seed(t, [
    {
      domain: 'acme.pl',
      name: 'Acme',
      topics: ['Data Warehouse', 'Our Own Topic'],
      contacts: [{ email: 'anna@acme.pl', name: 'Anna', title: 'CFO' }],
      intensity: 3,
    },
  ])
  cookie = sessionCookieOf(await signIn(t, t.keys.read))
}, 60_000)

describe('the pages show taxonomy categories', () => {
  it('the account page beside each surging topic, a dash where there is none', async () => {
    const body = await html('/accounts/acme.pl')
    expect(body).toContain('<th scope="col">Category</th>')
    expect(body).toContain('<td data-category="Data &amp; Analytics">Data &amp; Analytics</td>')
    expect(body).toContain('<td data-category="">–</td>')
    expect(body).toContain('<title>Data Warehouse (Data &amp; Analytics)</title>')
  })

  it('the account page names the surging categories, in the reader’s language', async () => {
    const lookup = await t.call('/v1/accounts/acme.pl', { scope: 'read' })
    const { intent } = (await lookup.json()) as { intent: { surgingCategories: string[] } }
    expect(intent.surgingCategories).toEqual(['Data & Analytics'])
    expect(await html('/accounts/acme.pl')).toContain(
      '<p data-categories="Data &amp; Analytics">Surging categories: Data &amp; Analytics</p>',
    )
    expect(await html('/accounts/acme.pl', { 'accept-language': 'pl' })).toContain(
      'Rosnące kategorie: Data &amp; Analytics',
    )
  })

  it('the topic page under its heading, in the reader’s language', async () => {
    expect(await html('/topics/data%20warehouse')).toContain(
      '<p class="muted" data-category="Data &amp; Analytics">Category: Data &amp; Analytics</p>',
    )
    expect(await html('/topics/Data%20Warehouse', { 'accept-language': 'pl' })).toContain(
      'Kategoria: Data &amp; Analytics',
    )
    expect(await html('/topics/Our%20Own%20Topic')).not.toContain('data-category')
  })
})
