import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runIntent } from '../helpers/spawn.ts'

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url))

/** In the order examples/README.md gives: accounts first, so the others find them. */
const SAMPLES = [
  ['accounts', 'accounts.csv', 3],
  ['contacts', 'contacts.csv', 5],
  ['signals', 'signals.ndjson', 6],
  ['signals', 'signals.csv', 3],
  ['outcomes', 'outcomes.csv', 2],
] as const

describe('the sample files in examples/', () => {
  it('are all listed here, so each is tested', () => {
    const files = readdirSync(EXAMPLES).filter((file) => file !== 'README.md')
    expect(files.sort()).toEqual(SAMPLES.map(([, file]) => file).sort())
  })

  it('import cleanly into a new database, in the order of the README, and a rerun adds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-examples-'))
    const db = join(dir, 'intent.db')
    for (const round of ['first', 'rerun'] as const) {
      for (const [entity, file, rows] of SAMPLES) {
        const rejects = join(dir, `${file}.rejects.ndjson`)
        const running = runIntent([
          'import',
          entity,
          join(EXAMPLES, file),
          '--db',
          db,
          '--rejects',
          rejects,
        ])
        expect(await running.exited, `${round} ${file}: ${running.stdout()}`).toBe(0)
        expect(running.stdout()).toMatch(
          round === 'first'
            ? new RegExp(
                `^${entity}: ${rows} rows read, ${rows} imported, 0 already there, 0 rejected;`,
              )
            : new RegExp(
                `^${entity}: ${rows} rows read, 0 imported, ${rows} already there, 0 rejected;`,
              ),
        )
        expect(existsSync(rejects)).toBe(false)
      }
    }
    const scored = runIntent(['score', '--all', '--db', db])
    expect(await scored.exited).toBe(0)
    expect(scored.stdout().trim().split('\n')).toHaveLength(4)
  }, 120_000)
})
