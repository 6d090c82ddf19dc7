import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
  await t.json('/v1/accounts/acme.pl', 'PUT', { name: 'Acme' })
  const signals = [10, 15, 20].map((day) => ({
    type: 'content',
    account: 'acme.pl',
    contact: 'anna@acme.pl',
    topic: 'ERP',
    occurredAt: `2026-11-${day}T10:00:00Z`,
  }))
  expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
})

const get = async (path: string) => {
  const response = await t.call(path, { scope: 'read' })
  expect(response.status, path).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

const issueOf = async (response: Response) => {
  expect(response.status).toBe(400)
  const [issue, ...rest] = (await problemOf(response)).issues!
  expect(rest).toEqual([])
  return issue!
}

describe('dates follow one rule: a date (00:00 UTC) or a date-time with its zone (issue 18)', () => {
  it('asOf takes a date, meaning its first instant in UTC', async () => {
    const byDate = await get('/v1/accounts/acme.pl?asOf=2026-11-16')
    expect(byDate.asOf).toBe('2026-11-16T00:00:00.000Z')
    expect(byDate).toEqual(await get('/v1/accounts/acme.pl?asOf=2026-11-16T00:00:00Z'))
    expect((await get('/v1/topics?asOf=2026-11-16')).asOf).toBe('2026-11-16T00:00:00.000Z')
  })

  it('from and to take a date-time (its day) as well as a date', async () => {
    const byDate = await get('/v1/accounts/acme.pl/history?from=2026-11-01&to=2026-11-03')
    const byTime = await get(
      '/v1/accounts/acme.pl/history?from=2026-11-01T15:00:00Z&to=2026-11-03T09:00:00%2B02:00',
    )
    expect((byDate.data as { day: string }[]).map((point) => point.day)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
    ])
    expect(byTime).toEqual(byDate)
  })

  it('refuses a bad value with the same message and code wherever a date is taken', async () => {
    const refusals = await Promise.all(
      [
        t.call('/v1/accounts/acme.pl?asOf=2026-11-16T10:00', { scope: 'read' }),
        t.call('/v1/topics?asOf=16.11.2026', { scope: 'read' }),
        t.call('/v1/accounts/acme.pl/history?from=yesterday', { scope: 'read' }),
        t.call('/v1/accounts/acme.pl/history?to=2026-13-01', { scope: 'read' }),
        t.json('/v1/models/train', 'POST', { asOf: '2026-11-16 10:00' }, 'admin'),
      ].map(async (response) => issueOf(await response)),
    )
    expect(refusals.map((issue) => issue.path[0])).toEqual(['asOf', 'asOf', 'from', 'to', 'asOf'])
    const [first] = refusals
    expect(first!.message).toMatch(/date \(2026-11-01, meaning 00:00 UTC\).*date-time/)
    for (const issue of refusals) {
      expect(issue.message).toBe(first!.message)
      expect(issue.code).toBe('invalid_format')
    }
  })

  it('still refuses an asOf in the future, a date too', async () => {
    const issue = await issueOf(
      await t.call('/v1/accounts/acme.pl?asOf=2026-11-26', { scope: 'read' }),
    )
    expect(issue).toMatchObject({ path: ['asOf'], message: 'must not be in the future' })
  })
})

describe('an empty cursor is the first page (issue 18)', () => {
  it.each([
    ['/v1/accounts?cursor=', '/v1/accounts'],
    ['/v1/accounts?sort=score&cursor=', '/v1/accounts?sort=score'],
    ['/v1/topics?cursor=', '/v1/topics'],
    ['/v1/accounts/acme.pl/topics?cursor=', '/v1/accounts/acme.pl/topics'],
  ])('%s answers as %s', async (withEmpty, without) => {
    expect(await get(withEmpty)).toEqual(await get(without))
  })

  it('so an asOf beside an empty cursor is no contradiction', async () => {
    const page = await get('/v1/topics?cursor=&asOf=2026-11-16')
    expect(page.asOf).toBe('2026-11-16T00:00:00.000Z')
  })

  it('a cursor that is not empty is still checked', async () => {
    const issue = await issueOf(await t.call('/v1/topics?cursor=bm9wZQ', { scope: 'read' }))
    expect(issue).toMatchObject({ path: ['cursor'], code: 'invalid_cursor' })
  })
})
