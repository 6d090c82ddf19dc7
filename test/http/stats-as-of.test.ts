import { beforeEach, describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
  const signals = [10, 15, 20].map((day, i) => ({
    type: 'content',
    account: 'acme.pl',
    contact: i === 2 ? 'jan@acme.pl' : 'anna@acme.pl',
    topic: 'ERP',
    occurredAt: `2026-11-${day}T10:00:00Z`,
  }))
  expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
})

const lookUp = async (query = '') =>
  AccountDetailSchema.parse(
    await (await t.call(`/v1/accounts/acme.pl${query}`, { scope: 'read' })).json(),
  )

describe('?asOf= makes stats as-of too (issue 18)', () => {
  it('counts only the signals that occurred by asOf, beside topics of the same instant', async () => {
    const past = await lookUp('?asOf=2026-11-16T00:00:00Z')
    expect(past.stats).toEqual({
      contacts: 2,
      signals: 2,
      lastSignalAt: '2026-11-15T10:00:00.000Z',
    })
    expect(past.intent.lastSignalAt).toBe(past.stats.lastSignalAt)
    expect(past.topics.map((topic) => topic.topic)).toEqual(['ERP'])
  })

  it('counts a signal at asOf exactly, and none before the first', async () => {
    expect((await lookUp('?asOf=2026-11-20T10:00:00Z')).stats.signals).toBe(3)
    const before = await lookUp('?asOf=2026-11-01')
    expect(before.stats).toMatchObject({ signals: 0, lastSignalAt: null })
    expect(before.topics).toEqual([])
  })

  it('the current look-up counts everything that has occurred', async () => {
    const now = await lookUp()
    expect(now.stats).toEqual({ contacts: 2, signals: 3, lastSignalAt: '2026-11-20T10:00:00.000Z' })
  })
})
