import { describe, expect, it, vi } from 'vitest'
import { createGate } from '../../src/domain/gate.ts'
import { scoreHistory } from '../../src/domain/score-history.ts'
import { DAY_MS } from '../../src/vocabulary.ts'
import { buildTestApp, NOW } from '../helpers/app.ts'

describe('a score history nobody stored yet', () => {
  it('is computed a day a step: what waits on the event loop runs between the days', async () => {
    const t = await buildTestApp()
    const now = Date.parse(NOW)
    const signals = Array.from({ length: 60 }, (_, i) => ({
      type: 'content',
      account: 'acme.com',
      topic: i % 2 === 0 ? 'ERP' : 'CRM',
      occurredAt: new Date(now - (i % 30) * DAY_MS - 3_600_000).toISOString(),
    }))
    expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)

    // Work waiting on the loop, queued again each time it runs: it counts the history's steps.
    let done = false
    let turns = 0
    const tick = () => {
      if (done) return
      turns += 1
      setImmediate(tick)
    }
    setImmediate(tick)
    // Each reading of the clock 10 ms later: every day looks slow enough to step aside after.
    let clock = performance.now()
    const slow = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 10))
    const points = await scoreHistory(t.ctx, 'acme.com', now - 29 * DAY_MS, now)
    slow.mockRestore()
    done = true
    expect(points).toHaveLength(30)
    // One turn at least between each of the 30 days computed, not one wait for all of them.
    expect(turns).toBeGreaterThanOrEqual(29)

    // Stored now: the second view computes only today's point, and still answers the same.
    expect(await scoreHistory(t.ctx, 'acme.com', now - 29 * DAY_MS, now)).toEqual(points)
  })

  it('runs at most two backfills at once; the others wait their turn', async () => {
    const t = await buildTestApp()
    const now = Date.parse(NOW)
    const domains = ['a.com', 'b.com', 'c.com', 'd.com']
    const signals = domains.map((account) => ({
      type: 'content',
      account,
      topic: 'ERP',
      occurredAt: new Date(now - 2 * DAY_MS).toISOString(),
    }))
    expect((await t.json('/v1/signals', 'POST', { signals })).status).toBe(200)
    // The service's own gate, watched from inside: how many backfills run at the same moment.
    const gate = createGate(2)
    let running = 0
    let most = 0
    let backfills = 0
    t.ctx.gates.historyBackfill = {
      run: (work) =>
        gate.run(async () => {
          backfills += 1
          running += 1
          most = Math.max(most, running)
          try {
            return await work()
          } finally {
            running -= 1
          }
        }),
      get load() {
        return gate.load
      },
    }
    await Promise.all(domains.map((domain) => scoreHistory(t.ctx, domain, now - 9 * DAY_MS, now)))
    expect(backfills).toBe(4)
    expect(most).toBe(2)
  })
})
