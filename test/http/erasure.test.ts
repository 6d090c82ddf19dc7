import { beforeEach, describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { contentDigest } from '../helpers/digest.ts'

const AS_OF = Date.UTC(2026, 10, 1)
const DAY = 86_400_000
let t: TestApp

beforeEach(async () => {
  t = await buildTestApp()
  t.clock.set(AS_OF + DAY)
  const signals = []
  for (let day = 1; day <= 14; day++) {
    for (const person of ['anna', 'max', 'olga']) {
      signals.push({
        type: 'content',
        contact: `${person}@acme.pl`,
        topic: 'Data Warehouse',
        occurredAt: new Date(AS_OF - day * DAY + 3_600_000).toISOString(),
      })
    }
    signals.push({
      type: 'search',
      contact: 'anna@acme.pl',
      topic: 'Payroll',
      occurredAt: new Date(AS_OF - day * DAY + 7_200_000).toISOString(),
    })
  }
  await t.json('/v1/signals', 'POST', { signals })
  await t.json('/v1/outcomes', 'POST', {
    outcomes: [{ account: 'acme.pl', type: 'opportunity', occurredAt: '2026-10-20T00:00:00Z' }],
  })
})

const detail = async () =>
  AccountDetailSchema.parse(
    await (
      await t.call(`/v1/accounts/acme.pl?asOf=${new Date(AS_OF).toISOString()}`, { scope: 'read' })
    ).json(),
  )

describe('DELETE /v1/contacts/{email}', () => {
  it("erases the person and their signals, and the account's scores reflect it", async () => {
    const before = await detail()
    expect(before.topics.map((topic) => topic.topic)).toContain('Payroll')
    expect(before.committee.members).toHaveLength(3)

    const response = await t.call('/v1/contacts/ANNA@acme.pl', { method: 'DELETE', scope: 'admin' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ erased: true, signals: 28 })

    expect((await t.call('/v1/contacts/anna@acme.pl', { scope: 'read' })).status).toBe(404)
    const after = await detail()
    expect(after.stats.signals).toBe(before.stats.signals - 28)
    expect(after.topics.map((topic) => topic.topic)).not.toContain('Payroll')
    expect(after.committee.members.map((member) => member.email).sort()).toEqual([
      'max@acme.pl',
      'olga@acme.pl',
    ])
    const dw = after.topics.find((topic) => topic.topic === 'Data Warehouse')!
    expect(dw.contacts).toBe(2)
  })

  it('leaves nothing of a person without signals in stored scores or look-ups', async () => {
    await t.json('/v1/contacts/zofia@acme.pl', 'PUT', { name: 'Zofia Quiet', title: 'CFO' })
    const lookUp = async () => (await t.call('/v1/accounts/acme.pl', { scope: 'read' })).text()
    // The stored score (and the answer cache) now hold the committee, Zofia recommended in it.
    expect(await lookUp()).toContain('zofia@acme.pl')
    expect(await lookUp()).toContain('Zofia Quiet')

    const response = await t.call('/v1/contacts/zofia@acme.pl', {
      method: 'DELETE',
      scope: 'admin',
    })
    expect(await response.json()).toEqual({ erased: true, signals: 0 })
    const stored = await t.ctx.store.scores.current('acme.pl')
    expect(JSON.stringify(stored)).not.toContain('zofia')
    const after = await lookUp()
    expect(after).not.toContain('zofia@acme.pl')
    expect(after).not.toContain('Zofia Quiet')
  })

  it('records who and when in the audit log, without the address', async () => {
    await t.call('/v1/contacts/anna@acme.pl', { method: 'DELETE', scope: 'admin' })
    const log = await t.ctx.store.erasure.auditLog(10)
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      action: 'contact.erased',
      target_kind: 'contact',
      at: AS_OF + DAY,
    })
    expect(JSON.stringify(log)).not.toContain('anna')
    expect(log[0]!.actor).toMatch(/^key_/)
  })

  it('needs the admin scope and 404s an unknown person', async () => {
    expect(
      (await t.call('/v1/contacts/anna@acme.pl', { method: 'DELETE', scope: 'write' })).status,
    ).toBe(403)
    expect(
      (await t.call('/v1/contacts/nobody@acme.pl', { method: 'DELETE', scope: 'admin' })).status,
    ).toBe(404)
  })
})

describe('DELETE /v1/accounts/{domain}', () => {
  it('erases the account with everything attached', async () => {
    await t.call('/v1/accounts/acme.pl', { scope: 'read' }) // stores a score too
    const response = await t.call('/v1/accounts/acme.pl', { method: 'DELETE', scope: 'admin' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ erased: true, contacts: 3, signals: 56, outcomes: 1 })
    expect((await t.call('/v1/accounts/acme.pl', { scope: 'read' })).status).toBe(404)
    expect((await t.call('/v1/contacts/max@acme.pl', { scope: 'read' })).status).toBe(404)
    const digestTables = await contentDigest(t.ctx.store)
    expect(digestTables).toMatch(/^[0-9a-f]{64}$/)
    expect(await t.ctx.store.scores.leaderboard({ limit: 10 })).toEqual([])
  })
})
