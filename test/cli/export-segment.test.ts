import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { buildContext } from '../../src/composition-root.ts'
import { putAccount } from '../../src/domain/accounts.ts'
import { currentScore } from '../../src/domain/scores.ts'
import { createSegment } from '../../src/domain/segments.ts'
import { createLogger } from '../../src/logger.ts'
import { testConfig } from '../helpers/config.ts'
import { runIntent } from '../helpers/spawn.ts'
import { testDbPath } from '../helpers/stored.ts'

describe('intent export segment <id>', () => {
  it("writes the segment's accounts with when they entered, and says so when there is no such segment", async () => {
    const path = testDbPath('export-segment')
    const ctx = buildContext(testConfig({ DB_PATH: path }), { logger: createLogger('silent') })
    for (const [domain, country] of [
      ['b.pl', 'PL'],
      ['a.pl', 'PL'],
      ['c.de', 'DE'],
    ] as const) {
      await putAccount(ctx, domain, { name: `=${domain}`, country })
      await currentScore(ctx, domain)
    }
    const segment = await createSegment(ctx, { name: 'Poland', filter: { country: 'PL' } })
    await ctx.stop()

    const running = runIntent(['export', 'segment', segment.id, '--db', path])
    expect(await running.exited).toBe(0)
    const rows = parse(running.stdout(), { columns: true }) as Record<string, string>[]
    expect(rows.map((row) => row.domain)).toEqual(['a.pl', 'b.pl'])
    expect(Object.keys(rows[0]!)).toEqual([
      'domain',
      'name',
      'enteredAt',
      'score',
      'label',
      'stage',
    ])
    // A cell starting with = is quoted so a spreadsheet does not run it.
    expect(rows[0]!.name).not.toMatch(/^=/)
    expect(Number.isNaN(Date.parse(rows[0]!.enteredAt!))).toBe(false)

    const unknown = runIntent(['export', 'segment', 'seg_nope', '--db', path])
    expect(await unknown.exited).toBe(1)
    expect(unknown.stderr()).toMatch(/no segment 'seg_nope'/)
    const missing = runIntent(['export', 'segment', '--db', path])
    expect(await missing.exited).toBe(2)
  }, 60_000)
})
