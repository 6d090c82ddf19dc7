import { describe, expect, it } from 'vitest'
import { fitOffThread } from '../../src/domain/fit-off-thread.ts'
import type { FitExample } from '../../src/scoring/additive-fit.ts'
import type { FeatureRecord } from '../../src/scoring/feature-record.ts'
import { fitModels } from '../../src/scoring/model-selection.ts'
import { seededRandom } from '../helpers/random.ts'

/** Accounts whose visits and source raise the odds of a deal. */
function examples(n: number): FitExample[] {
  const random = seededRandom(7)
  return Array.from({ length: n }, (_, i) => {
    const visits = Math.floor(random() * 12)
    const source = ['referral', 'google', 'event'][i % 3]!
    const z = -1.5 + 0.3 * visits + (source === 'referral' ? 1 : 0)
    const record: FeatureRecord = {
      numeric: { 'signals.web_visit': visits, engagement: visits / 3 },
      levels: { 'attr.Lead Source': { [source]: 1 } },
    }
    return {
      domain: `a${i % 150}.com`,
      label: random() < 1 / (1 + Math.exp(-z)) ? 1 : 0,
      weight: 1,
      record,
    }
  })
}

describe('training off the event loop', () => {
  it('fits on a worker thread exactly what the same fit gives in-process, the loop free meanwhile', async () => {
    const train = examples(600)
    const grid = examples(300)
    let turns = 0
    let waiting = true
    const tick = () => {
      if (!waiting) return
      turns += 1
      setImmediate(tick)
    }
    setImmediate(tick)
    const offThread = await fitOffThread({ train, gridTrain: grid, minSupport: undefined })
    waiting = false
    expect(turns).toBeGreaterThan(0)
    expect(offThread).toEqual(fitModels(train, grid, undefined))
    expect(offThread.fit.terms.length).toBeGreaterThan(0)
  })

  it('says why when the fit fails on the worker', async () => {
    const broken = [
      { domain: 'x.com', label: 1, weight: 1, record: null },
    ] as unknown as FitExample[]
    await expect(
      fitOffThread({ train: broken, gridTrain: broken, minSupport: undefined }),
    ).rejects.toThrow(/training failed/)
  })
})
