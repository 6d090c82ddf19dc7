import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'
import { contentDigest } from '../../../../test/helpers/digest.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

const thousand = () =>
  Array.from({ length: 1000 }, (_, i) => ({ domain: `account-${i}.com`, employees: i }))

describe('POST /v1/accounts/batch', () => {
  it('refuses a batch with bad items whole, listing every issue by index, writing nothing', async () => {
    await t.json('/v1/accounts/batch', 'POST', { accounts: [{ domain: 'acme.com' }] })
    const before = await contentDigest(t.ctx.store)
    const accounts: Record<string, unknown>[] = thousand()
    accounts[10] = { domain: 'acme.com', employees: -1 }
    accounts[500] = { domain: 'localhost', colour: 'red' }
    accounts[998] = { name: 'no domain' }
    const response = await t.json('/v1/accounts/batch', 'POST', { accounts })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.code).toBe('validation_failed')
    expect(problem.detail).toMatch(/nothing was written/)
    expect(problem.issues!.map((issue) => issue.pointer).sort()).toEqual([
      '/accounts/10/employees',
      '/accounts/500/colour',
      '/accounts/500/domain',
      '/accounts/998/domain',
    ])
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('refuses items that are not objects (null, a list) as 400, also beside a repeated key', async () => {
    const before = await contentDigest(t.ctx.store)
    for (const [type, body] of [
      [
        'application/json',
        JSON.stringify({ accounts: [null, [], { domain: 'a.com' }, { domain: 'a.com' }] }),
      ],
      ['application/x-ndjson', 'null\n[]\n{"domain":"a.com"}\n{"domain":"a.com"}'],
    ] as const) {
      for (const path of ['/v1/accounts/batch', '/v1/contacts/batch']) {
        const response = await t.call(path, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        })
        expect(response.status, `${path} ${type}`).toBe(400)
        expect((await problemOf(response)).code).toBe('validation_failed')
      }
    }
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('refuses the same account twice, at the second index, with the other issues', async () => {
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/accounts/batch', 'POST', {
      accounts: [
        { domain: 'acme.com', name: 'Acme' },
        { domain: 'globex.de', employees: 'many' },
        { domain: 'https://WWW.acme.com/', name: 'Acme again' },
      ],
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/accounts/1/employees' }),
        expect.objectContaining({
          pointer: '/accounts/2/domain',
          code: 'duplicate',
          message: expect.stringMatching(/same account as item 0/),
        }),
      ]),
    )
    expect(problem.issues).toHaveLength(2)
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })

  it('refuses more than 1,000 accounts, and none at all', async () => {
    const many = await t.json('/v1/accounts/batch', 'POST', {
      accounts: [...thousand(), { domain: 'one-more.com' }],
    })
    expect(many.status).toBe(400)
    expect((await problemOf(many)).issues![0]!.message).toMatch(/at most 1000 accounts/)
    const none = await t.json('/v1/accounts/batch', 'POST', { accounts: [] })
    expect(none.status).toBe(400)
    const empty = await t.call('/v1/accounts/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(empty.status).toBe(400)
  })

  it('lists an NDJSON line that is not JSON by its index', async () => {
    const response = await t.call('/v1/accounts/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"domain":"acme.com"}\n{"domain":\n{"domain":"acme.com"}\n',
    })
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues!.map((issue) => issue.pointer)).toEqual([
      '/accounts/1',
    ])
  })

  it('answers 409 naming every erased account in the batch, and writes nothing', async () => {
    await t.json('/v1/accounts/batch', 'POST', { accounts: [{ domain: 'acme.com' }] })
    expect(
      (await t.call('/v1/accounts/acme.com', { method: 'DELETE', scope: 'admin' })).status,
    ).toBe(200)
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/accounts/batch', 'POST', {
      accounts: [{ domain: 'globex.de' }, { domain: 'www.acme.com', name: 'Back again' }],
    })
    expect(response.status).toBe(409)
    const problem = await problemOf(response)
    expect(problem.code).toBe('suppressed')
    expect(problem.detail).toMatch(/nothing was written/)
    expect(problem.issues!.map((issue) => [issue.pointer, issue.code])).toEqual([
      ['/accounts/1/domain', 'suppressed'],
    ])
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })
})

describe('POST /v1/accounts/batch: one transaction', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes 1,000 accounts in one transaction: a failure at the last rolls back the first', async () => {
    dir = mkdtempSync(join(tmpdir(), 'intent-batch-'))
    const path = join(dir, 'intent.db')
    const file = await buildTestApp({ DB_PATH: path })
    try {
      // A fault the validation cannot see, at the very last row: only a single transaction
      // around the whole batch leaves the first 999 unwritten.
      const other = new Database(path)
      other.exec(`CREATE TRIGGER fail_last BEFORE INSERT ON accounts
        WHEN NEW.domain = 'account-999.com' BEGIN SELECT RAISE(ABORT, 'injected'); END`)
      other.close()
      const before = await contentDigest(file.ctx.store)
      const response = await file.json('/v1/accounts/batch', 'POST', { accounts: thousand() })
      expect(response.status).toBe(500)
      expect(await contentDigest(file.ctx.store)).toBe(before)
      expect(await file.ctx.store.accounts.count()).toBe(0)
    } finally {
      await file.ctx.stop()
    }
  })
})
