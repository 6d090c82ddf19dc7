import type { Worker } from 'node:worker_threads'
import type { PageEntry } from '../domain/batch-scoring.ts'
import type { Ctx } from '../domain/context.ts'
import { startWorker } from '../worker-source.ts'
import type { ScoredAccount } from './score-rows.ts'
import type { Config } from '../config.ts'

/** What the worker (src/score-worker.ts) is started with. */
export interface WorkerSetup {
  config: Config
  asOf: number
  modelId: string
}

type Reply = { seq: number; scored: ScoredAccount[] } | { seq: number; error: string }

/**
 * Worker threads that score pages of accounts in parallel with the main thread, which reads
 * the pages, stores the scores and writes the rows. Pages go to the least busy worker; answers
 * come back by sequence number.
 */
export function scorePool(ctx: Ctx, size: number, setup: Omit<WorkerSetup, 'config'>) {
  const waiting = new Map<number, { resolve(s: ScoredAccount[]): void; reject(e: Error): void }>()
  const busy = new Map<Worker, number>()
  let seq = 0
  const failAll = (error: Error) => {
    for (const pending of waiting.values()) pending.reject(error)
    waiting.clear()
  }
  const workers = Array.from({ length: size }, () => {
    const worker = startWorker('../score-worker', import.meta.url, {
      workerData: { ...setup, config: ctx.config } satisfies WorkerSetup,
    })
    busy.set(worker, 0)
    worker.on('message', (reply: Reply) => {
      busy.set(worker, busy.get(worker)! - 1)
      const pending = waiting.get(reply.seq)
      waiting.delete(reply.seq)
      if ('error' in reply) pending?.reject(new Error(`scoring on a worker thread: ${reply.error}`))
      else pending?.resolve(reply.scored)
    })
    worker.on('error', (error) => failAll(error))
    worker.on('exit', (code) => failAll(new Error(`a scoring worker exited (code ${code})`)))
    return worker
  })

  return {
    score(entries: PageEntry[]): Promise<ScoredAccount[]> {
      const worker = workers.reduce((a, b) => (busy.get(b)! < busy.get(a)! ? b : a))
      busy.set(worker, busy.get(worker)! + 1)
      const id = seq++
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        worker.postMessage({ seq: id, entries })
      })
    },
    async close(): Promise<void> {
      for (const worker of workers) worker.removeAllListeners('exit')
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}
