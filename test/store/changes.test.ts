import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../src/store/index.ts'

let dir: string
let store: Store
let other: Database.Database

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'intent-changes-'))
  store = openStore(join(dir, 'book.db'))
  other = new Database(join(dir, 'book.db'))
})

afterEach(async () => {
  other.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the change mark', () => {
  it('stays while nothing is written, even across reads', async () => {
    const mark = await store.changes.mark()
    await store.apiKeys.count()
    other.prepare('SELECT count(*) FROM accounts').get()
    expect(await store.changes.mark()).toBe(mark)
  })

  it("moves with this connection's own writes", async () => {
    const mark = await store.changes.mark()
    await store.apiKeys.touch('no-such-key', 1) // changes no row: nothing to see
    expect(await store.changes.mark()).toBe(mark)
    await store.accounts.upsert('acme.com', { name: 'Acme' }, 1)
    expect(await store.changes.mark()).not.toBe(mark)
  })

  it("moves with another connection's commit, and not before it", async () => {
    const mark = await store.changes.mark()
    other.exec('BEGIN IMMEDIATE')
    other
      .prepare("INSERT INTO accounts (domain, created_at, updated_at) VALUES ('a.com', 1, 1)")
      .run()
    expect(await store.changes.mark()).toBe(mark)
    other.exec('COMMIT')
    expect(await store.changes.mark()).not.toBe(mark)
  })
})
