import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/clock.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext, type Runtime } from '../../src/composition-root.ts'
import { peerRates } from '../../src/domain/peers.ts'
import { getJob, startScoreJob } from '../../src/jobs/registry.ts'
import { createLogger } from '../../src/logger.ts'
import { windowsAt } from '../../src/scoring/activity.ts'
import { NOW } from '../helpers/app.ts'

const running: Runtime[] = []

/** Two services in one process on one database file: only the database is shared. */
function twoServices(overrides = {}): [Runtime, Runtime] {
  const path = join(mkdtempSync(join(tmpdir(), 'intent-isolation-')), 'intent.db')
  const open = () =>
    buildContext(testConfig({ DB_PATH: path, ...overrides }), {
      clock: fixedClock(NOW),
      logger: createLogger('silent'),
    })
  const pair: [Runtime, Runtime] = [open(), open()]
  running.push(...pair)
  return pair
}

afterEach(async () => {
  for (const ctx of running.splice(0)) await ctx.stop()
})

describe('two services in one process', () => {
  it('do not share rate limits', () => {
    const [first, second] = twoServices({ RATE_LIMIT_PER_MINUTE: 60 })
    // A burst of 10 (the floor of the bucket's capacity), then 429 on the first service only.
    for (let i = 0; i < 10; i++) first.limiter('key_1')
    expect(() => first.limiter('key_1')).toThrow(expect.objectContaining({ code: 'rate_limited' }))
    expect(() => second.limiter('key_1')).not.toThrow()
  })

  it('do not share job registries', async () => {
    const [first, second] = twoServices()
    await first.store.accounts.upsert('acme.com', { name: 'Acme' }, first.clock.now())
    const job = await startScoreJob(first)
    expect(getJob(first, job.id)).toBe(job)
    expect(() => getJob(second, job.id)).toThrow(expect.objectContaining({ code: 'not_found' }))
    // The first service's running job is no conflict for the second.
    const other = await startScoreJob(second)
    expect(other.id).not.toBe(job.id)
    expect(first.jobs.get(other.id)).toBeUndefined()
  })

  it('do not share peer caches', async () => {
    const [first, second] = twoServices()
    await peerRates(first, windowsAt(first.clock.now(), first.scoring))
    expect(first.caches.peers.windows.size).toBe(1)
    expect(second.caches.peers.windows.size).toBe(0)
  })

  it('do not share parsed models or look-up answers', () => {
    const [first, second] = twoServices()
    first.caches.answers.set('acme.com', 'v1', '{}')
    expect(second.caches.answers.get('acme.com', 'v1')).toBeUndefined()
    expect(first.caches.models).not.toBe(second.caches.models)
  })
})
