import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { groupCommit } from '../../src/store/group-commit.ts'

function setup(path = ':memory:') {
  const db = new Database(path)
  db.pragma('busy_timeout = 0')
  db.exec('CREATE TABLE t (x INTEGER NOT NULL UNIQUE) STRICT')
  const insert = db.prepare('INSERT INTO t (x) VALUES (?)')
  let calls = 0
  const write = groupCommit(db, (xs: number[]) => {
    calls += 1
    for (const x of xs) insert.run(x)
    return xs.length
  })
  const stored = () =>
    (db.prepare('SELECT x FROM t ORDER BY x').all() as { x: number }[]).map((row) => row.x)
  return { db, write, stored, calls: () => calls }
}

describe('groupCommit', () => {
  it('writes concurrent units together, each answered with its own result', async () => {
    const { write, stored } = setup()
    const results = await Promise.all([write([1, 2]), write([3]), write([4, 5, 6])])
    expect(results).toEqual([2, 1, 3])
    expect(stored()).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('rolls back a failing unit alone: the others of its group are stored', async () => {
    const { write, stored } = setup()
    const outcomes = await Promise.allSettled([write([1]), write([2, 1]), write([3])])
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
    expect(stored()).toEqual([1, 3]) // 2 was inserted before the unit failed, and rolled back with it
  })

  it('rejects every unit of a group whose transaction cannot start, storing nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'intent-group-')), 'g.db')
    const { write, stored } = setup(path)
    const other = new Database(path)
    other.exec('BEGIN IMMEDIATE') // another process holds the write lock past our busy timeout
    const outcomes = await Promise.allSettled([write([1]), write([2])])
    other.exec('ROLLBACK')
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected'])
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i)
    expect(stored()).toEqual([])
  })

  it('units in later turns of the event loop are separate groups', async () => {
    const { write, stored } = setup()
    await write([1])
    await write([2])
    expect(stored()).toEqual([1, 2])
  })
})
