import { mkdtempSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fixedClock } from '../../src/clock.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext, type ContextOptions, type Runtime } from '../../src/composition-root.ts'
import type { Ctx } from '../../src/domain/context.ts'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { startScoreJob } from '../../src/jobs/registry.ts'
import { createLogger } from '../../src/logger.ts'
import { openStore } from '../../src/store/index.ts'
import { NOW } from '../helpers/app.ts'
import { causeStageChange, localReceiver } from '../helpers/outbound.ts'

/** A promise a test settles by hand: work waits on it, so "in flight" lasts exactly as long as the test says. */
function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((settle) => {
    resolve = settle
  })
  return { promise, resolve }
}

/** Lets every callback already queued run (I/O, immediates): a yield, not a sleep. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

const isOpen = (ctx: Ctx) =>
  ctx.store.pragma('foreign_keys').then(
    () => true,
    () => false,
  )

/** A service on a file, so that what stop() let finish can be read after it closed. */
function service(options: ContextOptions = {}) {
  const path = join(mkdtempSync(join(tmpdir(), 'intent-lifecycle-')), 'intent.db')
  const ctx = buildContext(testConfig({ DB_PATH: path, OUTBOUND_ALLOW_HOSTS: ['127.0.0.1'] }), {
    clock: fixedClock(NOW),
    logger: createLogger('silent'),
    ...options,
  })
  return { ctx, path }
}

/** Calls stop() and reports whether it has finished, without awaiting it. */
function stopping(ctx: Runtime) {
  const state = { done: false, promise: ctx.stop() }
  state.promise = state.promise.then(() => {
    state.done = true
  })
  return state
}

afterEach(() => {
  vi.useRealTimers()
})

describe('stop()', () => {
  it('waits for the score refresh in flight, then closes the database', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const entered = deferred()
    const gate = deferred()
    const { ctx, path } = service({
      refresher: {
        intervalMs: 1000,
        refresh: async (c, limit) => {
          entered.resolve()
          await gate.promise
          return refreshDirtyScores(c, limit)
        },
      },
      deliveries: { intervalMs: 60_000 },
    })
    await ctx.store.accounts.upsert('acme.com', { name: 'Acme' }, ctx.clock.now())
    await ctx.store.scores.markAllDirty(ctx.clock.now())
    ctx.start()
    vi.advanceTimersByTime(1000)
    await entered.promise

    const stop = stopping(ctx)
    await settle()
    expect(stop.done).toBe(false)
    expect(await isOpen(ctx)).toBe(true)

    gate.resolve()
    await stop.promise
    expect(await isOpen(ctx)).toBe(false)
    const reopened = openStore(path)
    const stored = await reopened.scores.current('acme.com')
    expect(stored?.score).not.toBeNull()
    expect(stored?.dirty).toBe(false)
    await reopened.close()
  })

  it('waits for a running scoring job to store its scores, then closes the database', async () => {
    const { ctx, path } = service()
    await ctx.store.accounts.upsert('acme.com', { name: 'Acme' }, ctx.clock.now())
    const entered = deferred()
    const gate = deferred()
    // The job's first store of scores waits on the gate: the account is scored, not yet saved.
    const subscriptions = ctx.store.outbox.subscriptions.bind(ctx.store.outbox)
    vi.spyOn(ctx.store.outbox, 'subscriptions').mockImplementationOnce(async () => {
      entered.resolve()
      await gate.promise
      return subscriptions()
    })
    const job = await startScoreJob(ctx)
    await entered.promise

    const stop = stopping(ctx)
    await settle()
    expect(stop.done).toBe(false)
    expect(await isOpen(ctx)).toBe(true)
    expect(job.status).toBe('running')
    await expect(startScoreJob(ctx)).rejects.toMatchObject({ code: 'unavailable' })

    gate.resolve()
    await stop.promise
    expect(await isOpen(ctx)).toBe(false)
    expect(job).toMatchObject({ status: 'done', done: 1, error: null })
    const reopened = openStore(path)
    expect((await reopened.scores.current('acme.com'))?.score).not.toBeNull()
    await reopened.close()
  })

  it('waits for the delivery in flight, then closes the database', async () => {
    const arrived = deferred<ServerResponse>()
    const receiver = await localReceiver((_request, response) => arrived.resolve(response))
    try {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
      const { ctx, path } = service({
        refresher: { intervalMs: 60_000 },
        deliveries: { intervalMs: 1000 },
      })
      await ctx.store.outbox.subscribe({
        id: 'sub_stop',
        url: receiver.url(),
        events: ['stage.changed'],
        threshold: 60,
        secret: 's'.repeat(32),
        createdAt: ctx.clock.now(),
      })
      await causeStageChange(ctx, 'gamma.com')
      expect(await ctx.store.outbox.pendingCount()).toBe(1)
      ctx.start()
      vi.advanceTimersByTime(1000)
      const response = await arrived.promise

      const stop = stopping(ctx)
      await settle()
      expect(stop.done).toBe(false)
      expect(await isOpen(ctx)).toBe(true)

      response.writeHead(200).end()
      await stop.promise
      expect(await isOpen(ctx)).toBe(false)
      const reopened = openStore(path)
      expect(await reopened.outbox.pendingCount()).toBe(0)
      expect(await reopened.outbox.deliveries('sub_stop', 10)).toEqual([
        expect.objectContaining({ status: 'delivered', attempts: 1 }),
      ])
      await reopened.close()
    } finally {
      await receiver.close()
    }
  })

  it('is idempotent, and closes the database of a service never started', async () => {
    const { ctx } = service()
    const first = ctx.stop()
    expect(ctx.stop()).toBe(first)
    await first
    expect(await isOpen(ctx)).toBe(false)
  })
})
