import { DAY_MS } from '../../src/vocabulary.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { accountSnapshot } from '../../src/domain/in-market.ts'
import { ingestOutcomes, ingestSignals } from '../../src/domain/signals.ts'
import { trainingExamples } from '../../src/domain/training-examples.ts'
import { trainModel } from '../../src/domain/training.ts'
import { buildTestApp, NOW, type TestApp } from '../helpers/app.ts'
import { loadSmallBook, smallBook } from '../helpers/small-book.ts'

const now = Date.parse(NOW)
const asOf = now - 3 * DAY_MS
const options = {
  asOf,
  horizonDays: 90,
  leadDays: 7,
  everyDays: 14,
  behaviourDays: 90,
  maxExamples: 60_000,
}

describe('training examples', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
    await loadSmallBook(t, smallBook({ asOf: now, accounts: 200, decided: 120, days: 30, seed: 3 }))
  }, 60_000)

  it('learn lost deals as explicit negatives and won deals as positives, from a month of history', async () => {
    const { examples, grid } = await trainingExamples(t.ctx, options)
    const anchored = examples.filter((e) => e.anchor === 'outcome')
    expect(anchored.some((e) => e.label === 0)).toBe(true)
    expect(anchored.some((e) => e.label === 1)).toBe(true)
    expect(examples.some((e) => e.anchor === 'quiet')).toBe(false) // every quiet horizon is still open
    expect(grid.length).toBeGreaterThan(0)
    for (const example of [...examples, ...grid]) expect(example.at).toBeLessThanOrEqual(asOf)
  })

  it('are unchanged by any signal or outcome after the instant they are taken at', async () => {
    const before = await trainingExamples(t.ctx, options)
    const later = new Date(asOf + DAY_MS).toISOString()
    await ingestSignals(t.ctx, [
      {
        type: 'meeting',
        account: 'lead-0001.com',
        action: 'demo',
        occurredAt: asOf + 60_000,
      } as never,
      { type: 'form', account: 'lead-0150.com', occurredAt: asOf + DAY_MS } as never,
    ])
    await ingestOutcomes(t.ctx, [
      { account: 'lead-0002.com', type: 'won', occurredAt: Date.parse(later) } as never,
      { account: 'lead-0190.com', type: 'opportunity', occurredAt: Date.parse(later) } as never,
    ])
    const after = await trainingExamples(t.ctx, options)
    expect(after.examples).toEqual(before.examples)
    expect(after.grid).toEqual(before.grid)
  }, 60_000)

  it('read every feature family as of the snapshot only', async () => {
    const at = asOf - 10 * DAY_MS
    const known = { behaviourDays: 90 }
    const first = await accountSnapshot(t.ctx, 'lead-0005.com', at, undefined, known)
    await ingestSignals(t.ctx, [
      {
        type: 'web_visit',
        account: 'lead-0005.com',
        action: 'pricing',
        source: 'partner',
        url: 'https://vendor.example.com/pricing/x',
        durationSeconds: 900,
        occurredAt: at + 1,
      } as never,
    ])
    const second = await accountSnapshot(t.ctx, 'lead-0005.com', at, undefined, known)
    expect(second.record).toEqual(first.record)
    expect(first.record.numeric.age_days).toBeGreaterThan(0)
    expect(Object.keys(first.record.levels)).toEqual(
      expect.arrayContaining([
        'source',
        'page',
        'action',
        'first_source',
        'first_page',
        'attr.Lead Source',
      ]),
    )
  })

  it('leave out the features the configuration excludes', async () => {
    const excluding = await buildTestApp({})
    await loadSmallBook(
      excluding,
      smallBook({ asOf: now, accounts: 200, decided: 150, days: 30, seed: 4 }),
    )
    const scoring = {
      ...excluding.ctx.scoring,
      model: {
        ...excluding.ctx.scoring.model,
        excludeFeatures: ['attr.Lead Source', 'firmographic'],
      },
    }
    const result = await trainModel({ ...excluding.ctx, scoring }, { asOf: now, horizonDays: 90 })
    if (!result.trained) throw new Error(result.reason)
    expect(result.model.features).not.toContain('attr.Lead Source')
    expect(result.model.features.some((f) => ['industry', 'size', 'country'].includes(f))).toBe(
      false,
    )
    expect(result.model.features).toContain('attr.Region')
  }, 60_000)
})
