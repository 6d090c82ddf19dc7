import { describe, expect, it } from 'vitest'
import { type ScoreRow, scoreAll } from '../../src/jobs/score-all.ts'
import { buildTestApp } from '../helpers/app.ts'

describe('scoreAll', () => {
  it('stops when asked, then resumes after the last account it finished', async () => {
    const t = await buildTestApp()
    for (let i = 0; i < 12; i++)
      await t.json(`/v1/accounts/company${String(i).padStart(2, '0')}.com`, 'PUT', {})
    const asOf = t.clock.now()
    const first: ScoreRow[] = []
    const stopped = await scoreAll(t.ctx, {
      asOf,
      write: async (row) => {
        first.push(row)
      },
      shouldStop: () => first.length >= 5,
    })
    expect(stopped).toMatchObject({ interrupted: true, scored: 5 })
    const second: ScoreRow[] = []
    const resumed = await scoreAll(t.ctx, {
      asOf,
      write: async (row) => {
        second.push(row)
      },
      shouldStop: () => false,
    })
    expect(resumed).toMatchObject({ interrupted: false, scored: 7, resumedAfter: 5 })
    expect([...first, ...second].map((row) => row.domain)).toEqual(
      Array.from({ length: 12 }, (_, i) => `company${String(i).padStart(2, '0')}.com`),
    )
    // Finished: the next run starts from the beginning.
    const again: ScoreRow[] = []
    await scoreAll(t.ctx, {
      asOf,
      write: async (row) => void again.push(row),
      shouldStop: () => false,
    })
    expect(again).toHaveLength(12)
    expect((await t.ctx.store.scores.leaderboard({ limit: 100 })).length).toBe(12)
  })
})
