import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountDetailSchema } from '../../src/http/presenters.ts'
import { buildTestApp, NOW, problemOf, type TestApp } from '../helpers/app.ts'

// The look-up's answer cache and the key cache skip every read while the database's change
// mark stands. `intent import`, `intent score --all` and `intent keys revoke` write from their
// own processes: a second connection on the same file plays them here.

let dir: string
let t: TestApp
let other: Database.Database

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intent-other-writer-'))
  t = await buildTestApp({ DB_PATH: join(dir, 'book.db') })
  other = new Database(join(dir, 'book.db'))
  other.pragma('busy_timeout = 5000')
  await t.json('/v1/accounts/acme.com', 'PUT', { name: 'Acme' })
  const signals = [{ type: 'content', account: 'acme.com', topic: 'ERP', occurredAt: NOW }]
  expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
})

afterEach(async () => {
  other.close()
  await t.ctx.stop()
  rmSync(dir, { recursive: true, force: true })
})

const lookUp = async (key = t.keys.read) => {
  const response = await t.call('/v1/accounts/acme.com', {
    scope: null,
    headers: { authorization: `Bearer ${key}` },
  })
  expect(response.status).toBe(200)
  return AccountDetailSchema.parse(await response.json())
}

describe('a cached look-up after another process wrote', () => {
  it('shows a rename committed by another connection on the next look-up', async () => {
    expect((await lookUp()).name).toBe('Acme')
    expect((await lookUp()).name).toBe('Acme') // now answered from the cache, no read
    other
      .prepare("UPDATE accounts SET name = 'Acme Renamed', updated_at = @at WHERE domain = @d")
      .run({ at: Date.parse(NOW) + 1, d: 'acme.com' })
    expect((await lookUp()).name).toBe('Acme Renamed')
  })

  it('rescores an account another process marked dirty, within the hour a score stands', async () => {
    const first = await lookUp()
    await lookUp()
    // A minute later, well within the hour a stored score is served: only the dirty mark,
    // written by the other connection, makes the next look-up rescore.
    t.clock.set(Date.parse(NOW) + 60_000)
    expect((await lookUp()).computedAt).toBe(first.computedAt)
    other
      .prepare(
        'INSERT INTO dirty_accounts (account_id, since) SELECT id, @since FROM accounts WHERE domain = @d',
      )
      .run({ since: Date.parse(NOW) + 60_000, d: 'acme.com' })
    expect((await lookUp()).computedAt).not.toBe(first.computedAt)
  })

  it('serves the cached bytes while nothing is written, and stops at the hour', async () => {
    const first = await lookUp()
    t.clock.set(Date.parse(NOW) + 59 * 60_000)
    expect((await lookUp()).computedAt).toBe(first.computedAt)
    t.clock.set(Date.parse(NOW) + 61 * 60_000)
    expect((await lookUp()).computedAt).not.toBe(first.computedAt)
  })
})

describe('a key revoked by another process', () => {
  it('is refused with a 401 problem on the next request', async () => {
    await lookUp()
    await lookUp() // the key's row now comes from the key cache
    other
      .prepare('UPDATE api_keys SET revoked_at = @at WHERE revoked_at IS NULL AND scope = @scope')
      .run({ at: Date.parse(NOW), scope: 'read' })
    const response = await t.call('/v1/accounts/acme.com', { scope: 'read' })
    expect(response.status).toBe(401)
    const problem = await problemOf(response)
    expect(problem.code).toBe('unauthorized')
    expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/)
  })

  it('an expiry moved earlier by another process counts at once', async () => {
    await lookUp()
    other
      .prepare('UPDATE api_keys SET expires_at = @at WHERE scope = @scope')
      .run({ at: Date.parse(NOW) + 60_000, scope: 'read' })
    await lookUp() // not yet expired
    t.clock.set(Date.parse(NOW) + 60_000)
    expect((await t.call('/v1/accounts/acme.com', { scope: 'read' })).status).toBe(401)
  })
})

describe('the cached look-up still validates its path and query', () => {
  it('refuses a bad domain and a bad asOf with problem+json naming each', async () => {
    await lookUp()
    await lookUp()
    const badPath = await t.call('/v1/accounts/not_a..domain', { scope: 'read' })
    expect(badPath.status).toBe(400)
    const pathProblem = await problemOf(badPath)
    expect(pathProblem.issues?.map((issue) => [issue.in, issue.path])).toEqual([
      ['path', ['domain']],
    ])
    const badQuery = await t.call('/v1/accounts/acme.com?asOf=yesterday', { scope: 'read' })
    expect(badQuery.status).toBe(400)
    const queryProblem = await problemOf(badQuery)
    expect(queryProblem.issues?.map((issue) => [issue.in, issue.path])).toEqual([
      ['query', ['asOf']],
    ])
  })

  it('refuses a request without a key once the answer is cached', async () => {
    await lookUp()
    const anonymous = await t.call('/v1/accounts/acme.com', { scope: null })
    expect(anonymous.status).toBe(401)
    expect((await problemOf(anonymous)).code).toBe('unauthorized')
  })
})
