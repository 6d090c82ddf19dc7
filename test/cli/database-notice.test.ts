import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listeningPort, runIntent } from '../helpers/spawn.ts'

const tempDir = () => mkdtempSync(join(tmpdir(), 'intent-notice-'))

describe('every command names its database on stderr, and says when it made a new one', () => {
  it('keys create in a folder without a database: "created a new database at" its absolute path', async () => {
    const dir = tempDir()
    const created = runIntent(['keys', 'create', '--scope', 'read'], {}, undefined, dir)
    expect(await created.exited).toBe(0)
    const absolute = join(dir, 'data', 'intent.db')
    expect(existsSync(absolute)).toBe(true)
    expect(created.stderr().split('\n')[0]).toBe(
      `intent: created a new database at ${absolute} (none existed; set DB_PATH or --db to use another)`,
    )
    // stdout stays data: the secret alone.
    expect(created.stdout()).toMatch(/^ik_\S+\n$/)

    const listed = runIntent(['keys', 'list'], { DB_PATH: 'data/intent.db' }, undefined, dir)
    expect(await listed.exited).toBe(0)
    expect(listed.stderr()).toBe(`intent: using the database at ${absolute}\n`)
    expect(listed.stdout()).toMatch(/^id\tprefix/)
  })

  it.each([
    ['export', ['export', 'accounts']],
    ['score', ['score', '--all']],
    ['retopic', ['retopic']],
    ['suppressions lift', ['suppressions', 'lift', 'anna@acme.pl']],
  ])('%s names it too, in one line', async (_, args) => {
    const db = join(tempDir(), 'intent.db')
    const running = runIntent([...args, '--db', db])
    await running.exited
    const notices = running
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('intent: ') && line.includes(db))
    expect(notices).toEqual([expect.stringMatching(/^intent: created a new database at /)])
    expect(running.stdout()).not.toContain(db)
  })

  it('serve names it beside the listening log', async () => {
    const db = join(tempDir(), 'intent.db')
    const server = runIntent(['serve'], { DB_PATH: db, PORT: '0' })
    await listeningPort(server)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.stderr()).toContain(`intent: created a new database at ${db}`)
  })
})
