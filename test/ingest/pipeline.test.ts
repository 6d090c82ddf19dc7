import { describe, expect, it } from 'vitest'
import { eraseAccount } from '../../src/domain/erasure.ts'
import { runOutcomes, runSignals } from '../../src/domain/signals.ts'
import { signalSteps } from '../../src/domain/ingest-pipelines.ts'
import { Drop, eachItem, Pipeline, Reject } from '../../src/ingest/pipeline.ts'
import { createIngestSchemas } from '../../src/ingest/schemas.ts'
import { buildTestApp } from '../helpers/app.ts'

/** A log the steps write to, so a test sees what ran, in which order, on what. */
type Log = string[]

const numbers = Pipeline.start<Log, number>()
  .step(
    'check',
    eachItem((n: number, log: Log) => {
      log.push(`check ${n}`)
      return n < 0 ? new Reject([{ path: ['n'], message: 'is negative', code: 'too_small' }]) : n
    }),
  )
  .step(
    'dedupe',
    eachItem((n: number, log: Log) => {
      log.push(`dedupe ${n}`)
      return n % 10 === 0 ? new Drop('duplicate') : n
    }),
  )
  .step('label', (items: readonly number[], log: Log) => {
    log.push(`label ${items.join(',')}`)
    return items.map((n) => (n === 7 ? new Drop('suppressed') : `#${n}`))
  })
  .step('persist', (items: readonly string[], log: Log) => {
    log.push(`persist ${items.join(',')}`)
    return [...items]
  })

describe('the ingest runner', () => {
  it('runs the steps in order, each once per batch on the items still live', async () => {
    const log: Log = []
    const result = await numbers.run([1, 20, 7, 3], log, 'item')
    expect(log).toEqual([
      'check 1',
      'check 20',
      'check 7',
      'check 3',
      'dedupe 1',
      'dedupe 20',
      'dedupe 7',
      'dedupe 3',
      'label 1,7,3',
      'persist #1,#3',
    ])
    expect(numbers.names).toEqual(['check', 'dedupe', 'label', 'persist'])
    expect(result.passed).toEqual(['#1', '#3'])
  })

  it('counts drops by reason, and keeps going with the rest', async () => {
    const result = await numbers.run([10, 7, 30, 2, 40], [], 'item')
    expect(result.drops).toEqual({ duplicate: 3, suppressed: 1 })
    expect(result.passed).toEqual(['#2'])
    expect(result.rejected).toEqual([])
  })

  it('times every step that ran, with the number of items it was given', async () => {
    const { timings } = await numbers.run([1, 20, 7, 3], [], 'item')
    expect(timings.map(({ step, items }) => [step, items])).toEqual([
      ['check', 4],
      ['dedupe', 4],
      ['label', 3],
      ['persist', 2],
    ])
    for (const { ms } of timings) {
      expect(Number.isFinite(ms)).toBe(true)
      expect(ms).toBeGreaterThanOrEqual(0)
    }
  })

  it('per item, rejects leave the batch with their position and issues; the rest is stored', async () => {
    const log: Log = []
    const result = await numbers.run([5, -1, 6, -2], log, 'item')
    expect(result.rejected).toEqual([
      {
        index: 1,
        step: 'check',
        issues: [{ path: ['n'], message: 'is negative', code: 'too_small' }],
      },
      {
        index: 3,
        step: 'check',
        issues: [{ path: ['n'], message: 'is negative', code: 'too_small' }],
      },
    ])
    expect(log).toContain('persist #5,#6')
    expect(result.passed).toEqual(['#5', '#6'])
  })

  it('keeps positions in the input across steps that drop', async () => {
    const late = Pipeline.start<Log, number>()
      .step(
        'dedupe',
        eachItem((n: number) => (n % 10 === 0 ? new Drop('duplicate') : n)),
      )
      .step(
        'check',
        eachItem((n: number) => (n < 0 ? new Reject([{ path: [], message: 'no', code: 'x' }]) : n)),
      )
    const result = await late.run([10, 20, 1, -5], [], 'item')
    expect(result.rejected.map(({ index, step }) => [index, step])).toEqual([[3, 'check']])
  })

  it('all or nothing: any reject ends the run with every issue of that step, before any write', async () => {
    const log: Log = []
    const result = await numbers.run([5, -1, 6, -2], log, 'batch')
    expect(result.rejected.map(({ index }) => index)).toEqual([1, 3])
    expect(log.some((line) => line.startsWith('dedupe') || line.startsWith('persist'))).toBe(false)
    expect(result.passed).toEqual([])
    expect(result.timings.map(({ step }) => step)).toEqual(['check'])
  })

  it('refuses a step that does not answer for every item', async () => {
    const broken = Pipeline.start<Log, number>().step('short', (items: readonly number[]) =>
      items.slice(1),
    )
    await expect(broken.run([1, 2], [], 'item')).rejects.toThrow(/short answered 1 of 2/)
  })
})

describe('the signal and outcome pipelines', () => {
  const signal = (id: string, extra: object = {}) => ({
    id,
    type: 'web_visit',
    account: 'acme.com',
    occurredAt: '2026-11-20T10:00:00Z',
    ...extra,
  })

  it('are the named steps, validate first for raw input', async () => {
    expect(signalSteps.names).toEqual(['identity', 'topic', 'suppress', 'dedupe', 'persist'])
    const { ctx } = await buildTestApp()
    const { signal: schema } = createIngestSchemas(ctx.clock)
    const run = await runSignals(ctx, { raw: [signal('s-1')], schema, rejects: 'batch' })
    expect(run.timings.map(({ step }) => step)).toEqual([
      'validate',
      'identity',
      'topic',
      'suppress',
      'dedupe',
      'persist',
    ])
    expect(run.answer).toEqual({ accepted: 1, duplicates: 0 })
  })

  it('a batch with an invalid signal writes nothing, and lists its issues by position', async () => {
    const { ctx } = await buildTestApp()
    const { signal: schema } = createIngestSchemas(ctx.clock)
    const raw = [
      signal('s-1'),
      signal('s-2', { type: 'nonsense' }),
      signal('s-3', { account: undefined }),
    ]
    const run = await runSignals(ctx, { raw, schema, rejects: 'batch' })
    expect(run.answer).toEqual({ accepted: 0, duplicates: 0 })
    expect(
      run.rejected.map(({ index, step, issues }) => [index, step, issues.map((i) => i.path)]),
    ).toEqual([
      [1, 'validate', [['type']]],
      [2, 'validate', [['account']]],
    ])
    // Not stored: sent again, the valid one is new, not a duplicate.
    const again = await runSignals(ctx, { raw: [signal('s-1')], schema, rejects: 'batch' })
    expect(again.answer).toEqual({ accepted: 1, duplicates: 0 })
  })

  it('drops replays as duplicates, counted by the persist step', async () => {
    const { ctx } = await buildTestApp()
    const { signal: schema } = createIngestSchemas(ctx.clock)
    const raw = [signal('s-1'), signal('s-2')]
    await runSignals(ctx, { raw, schema, rejects: 'item' })
    const replay = await runSignals(ctx, { raw: [...raw, signal('s-3')], schema, rejects: 'item' })
    expect(replay.drops).toEqual({ duplicate: 2 })
    expect(replay.answer).toEqual({ accepted: 1, duplicates: 2 })
  })

  it('drops signals naming an erased account as suppressed', async () => {
    const { ctx } = await buildTestApp()
    const { signal: schema } = createIngestSchemas(ctx.clock)
    await runSignals(ctx, { raw: [signal('s-1')], schema, rejects: 'item' })
    await eraseAccount(ctx, 'acme.com', 'key_test')
    const raw = [signal('s-2'), signal('s-3', { account: 'other.com' })]
    const run = await runSignals(ctx, { raw, schema, rejects: 'item' })
    expect(run.drops).toEqual({ suppressed: 1 })
    expect(run.answer).toEqual({ accepted: 1, duplicates: 0, suppressed: 1 })
  })

  it('per item, outcomes that are invalid are refused and the valid ones stored', async () => {
    const { ctx } = await buildTestApp()
    const { outcome: schema } = createIngestSchemas(ctx.clock)
    const outcome = { account: 'acme.com', type: 'won', occurredAt: '2026-11-20T10:00:00Z' }
    const run = await runOutcomes(ctx, {
      raw: [outcome, { ...outcome, type: 'maybe' }],
      schema,
      rejects: 'item',
    })
    expect(run.rejected.map(({ index }) => index)).toEqual([1])
    expect(run.answer).toEqual({ accepted: 1, duplicates: 0 })
    expect(run.timings.map(({ step }) => step)).toEqual([
      'validate',
      'identity',
      'suppress',
      'dedupe',
      'persist',
    ])
  })
})
