import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { page, seed, sessionCookieOf, signIn } from './helpers.ts'

let t: TestApp
let writer: string
let reader: string

beforeAll(async () => {
  t = await buildTestApp()
  await seed(t, [
    { domain: 'huta.pl', name: 'Huta', country: 'PL', topics: ['ERP', 'CRM'], intensity: 3 },
    { domain: 'stal.pl', name: 'Stal', country: 'PL', topics: ['ERP'] },
    { domain: 'soft.de', name: 'Soft', country: 'DE', topics: ['ERP'], intensity: 3 },
    { domain: 'quiet.pl', name: 'Quiet', country: 'PL' },
  ])
  writer = sessionCookieOf(await signIn(t, t.keys.write))
  reader = sessionCookieOf(await signIn(t, t.keys.read))
})

const links = (body: string) =>
  [...body.matchAll(/<a href="\/accounts\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!)).sort()

const save = (
  cookie: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) =>
  t.app.request('/segments', {
    method: 'POST',
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  })

describe('segment pages', () => {
  it('save the leaderboard filters as a segment that holds what the leaderboard listed', async () => {
    const board = await page(t, '/?country=PL', writer)
    const html = await board.text()
    expect(html).toContain('data-section="save-segment"')
    expect(html).toContain('<input type="hidden" name="country" value="PL"')
    const listed = links(html)
    expect(listed.length).toBeGreaterThan(0)

    // The default view (warm and hot) is saved as what it is: the in-market accounts.
    const saved = await save(writer, { name: 'Poland in market', label: '', country: 'PL' })
    expect(saved.status).toBe(303)
    const location = saved.headers.get('location')!
    expect(location).toMatch(/^\/segments\/seg_[0-9a-f]{12}$/)
    const segment = await page(t, location, writer)
    expect(segment.status).toBe(200)
    const body = await segment.text()
    expect(body).toContain('<h1>Poland in market</h1>')
    expect(body).toContain('data-section="segment-members"')
    expect(links(body)).toEqual(listed)

    const list = await (await page(t, '/segments', reader)).text()
    expect(list).toContain(`<a href="${location}">Poland in market</a>`)
  })

  it('save a category filter, and say before saving that a search is left out', async () => {
    const board = await (await page(t, '/?category=manufacturing', writer)).text()
    expect(board).toContain('<input type="hidden" name="category" value="manufacturing"')
    expect(board).toContain('<option value="Manufacturing">')
    const listed = links(board)
    expect(listed).toContain('huta.pl')
    const saved = await save(writer, {
      name: 'Manufacturing',
      label: '',
      category: 'manufacturing',
    })
    expect(saved.status).toBe(303)
    const segment = await (await page(t, saved.headers.get('location')!, writer)).text()
    expect(links(segment)).toEqual(listed)

    const searched = await (await page(t, '/?country=PL&q=<huta>', writer)).text()
    expect(searched).toContain('data-notice="search-not-saved"')
    expect(searched).toContain('Your search “&lt;huta&gt;” is not saved with the segment')
    expect(searched).not.toContain('<input type="hidden" name="q"')
    const plain = await (await page(t, '/?country=PL', writer)).text()
    expect(plain).not.toContain('data-notice="search-not-saved"')
  })

  it('offer no save to a read-only key and refuse its post, a cross-site post and a bad name', async () => {
    const board = await (await page(t, '/', reader)).text()
    expect(board).not.toContain('data-section="save-segment"')
    expect((await save(reader, { name: 'x', label: 'hot' })).status).toBe(403)
    expect(
      (await save(writer, { name: 'x', label: 'hot' }, { 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403)
    expect((await save(writer, { name: ' ', label: 'hot' })).status).toBe(400)
    expect((await save(writer, { name: 'x', minScore: 'lots' })).status).toBe(400)
    const unsigned = await t.app.request('/segments', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    })
    expect(unsigned.status).toBe(303)
    expect(unsigned.headers.get('location')).toMatch(/^\/signin/)
  })

  it('answer 404 for an unknown segment, and escape what a segment was named', async () => {
    expect((await page(t, '/segments/seg_nope', reader)).status).toBe(404)
    const saved = await save(writer, { name: '<script>alert(1)</script>', label: 'hot' })
    const body = await (await page(t, saved.headers.get('location')!, reader)).text()
    expect(body).not.toContain('<script>alert(1)</script>')
    expect(body).toContain('&lt;script&gt;')
  })
})
