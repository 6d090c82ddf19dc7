import { describe, expect, it } from 'vitest'
import { parseShard } from '../../src/shard.ts'
import { type ScoreRow, scoreAll } from '../../src/jobs/score-all.ts'
import { buildTestApp } from '../helpers/app.ts'

const domains = Array.from({ length: 23 }, (_, i) => `company${String(i).padStart(2, '0')}.com`)

describe('scoreAll --shard K/N', () => {
  it('four parts score every account exactly once, each part a quarter by id', async () => {
    const t = await buildTestApp()
    for (const domain of domains) await t.json(`/v1/accounts/${domain}`, 'PUT', {})
    const asOf = t.clock.now()
    const parts: ScoreRow[][] = []
    for (let index = 1; index <= 4; index++) {
      const rows: ScoreRow[] = []
      const result = await scoreAll(t.ctx, {
        asOf,
        write: async (row) => void rows.push(row),
        shouldStop: () => false,
        shard: { index, count: 4 },
      })
      expect(result).toMatchObject({ interrupted: false, scored: rows.length })
      parts.push(rows)
    }
    expect(
      parts
        .flat()
        .map((row) => row.domain)
        .sort(),
    ).toEqual(domains)
    // By id: ids 1…23 in order of creation, id % 4 = index - 1.
    expect(parts.map((rows) => rows.length)).toEqual([5, 6, 6, 6])
    expect(parts[1]!.map((row) => row.domain)).toEqual(domains.filter((_, i) => (i + 1) % 4 === 1))
    expect((await t.ctx.store.scores.leaderboard({ limit: 100 })).length).toBe(23)
  })

  it('each part resumes from its own checkpoint', async () => {
    const t = await buildTestApp()
    for (const domain of domains) await t.json(`/v1/accounts/${domain}`, 'PUT', {})
    const asOf = t.clock.now()
    const one = { index: 1, count: 2 }
    const two = { index: 2, count: 2 }
    const firstRows: ScoreRow[] = []
    const stopped = await scoreAll(t.ctx, {
      asOf,
      write: async (row) => void firstRows.push(row),
      shouldStop: () => firstRows.length >= 3,
      shard: one,
    })
    expect(stopped).toMatchObject({ interrupted: true, scored: 3 })
    // The other part, run meanwhile, starts at its beginning and finishes.
    const otherRows: ScoreRow[] = []
    const other = await scoreAll(t.ctx, {
      asOf,
      write: async (row) => void otherRows.push(row),
      shouldStop: () => false,
      shard: two,
    })
    expect(other).toMatchObject({ interrupted: false, resumedAfter: 0, scored: 12 })
    const rest: ScoreRow[] = []
    const resumed = await scoreAll(t.ctx, {
      asOf,
      write: async (row) => void rest.push(row),
      shouldStop: () => false,
      shard: one,
    })
    expect(resumed).toMatchObject({ interrupted: false, resumedAfter: 3, scored: 8 })
    expect([...firstRows, ...rest, ...otherRows].map((row) => row.domain).sort()).toEqual(domains)
  })
})

describe('parseShard', () => {
  it('takes K/N and names what is wrong otherwise', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 })
    expect(parseShard(' 4/4 ')).toEqual({ index: 4, count: 4 })
    expect(parseShard('5/4')).toMatch(/K must be 1 to 4/)
    expect(parseShard('0/4')).toMatch(/is not K\/N/)
    expect(parseShard('1/0')).toMatch(/is not K\/N/)
    expect(parseShard('a/b')).toMatch(/is not K\/N/)
    expect(parseShard('1/1001')).toMatch(/at most 1000/)
  })
})
