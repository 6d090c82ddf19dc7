import { describe, expect, it } from 'vitest'
import { createGate } from '../../src/domain/gate.ts'

describe('a gate', () => {
  it('runs at most its limit at once, the rest in the order they came, and frees a place on failure', async () => {
    const gate = createGate(2)
    const started: number[] = []
    const finish: (() => void)[] = []
    const work = (n: number, fail = false) =>
      gate.run(async () => {
        started.push(n)
        await new Promise<void>((resolve) => finish.push(resolve))
        if (fail) throw new Error(`work ${n} failed`)
        return n
      })
    const results = [work(1, true), work(2), work(3), work(4)]
    await Promise.resolve()
    expect(started).toEqual([1, 2])
    expect(gate.load).toEqual({ running: 2, waiting: 2 })
    finish[0]!()
    await expect(results[0]).rejects.toThrow('work 1 failed')
    expect(started).toEqual([1, 2, 3])
    finish[1]!()
    finish[2]!()
    expect(await results[1]).toBe(2)
    expect(await results[2]).toBe(3)
    expect(started).toEqual([1, 2, 3, 4])
    finish[3]!()
    expect(await results[3]).toBe(4)
    expect(gate.load).toEqual({ running: 0, waiting: 0 })
  })
})
