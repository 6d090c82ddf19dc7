/**
 * Worker-thread entry of the batch: scores the pages of accounts the main thread sends, with
 * its own connection to the same database file (WAL lets it read while the main thread
 * writes), and sends the scores back. It does nothing when imported on the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { buildContext } from './composition-root.ts'
import { activeModel } from './domain/in-market.ts'
import { createLogger } from './logger.ts'
import type { PageEntry } from './domain/batch-scoring.ts'
import type { WorkerSetup } from './jobs/score-pool.ts'
import { accountScorer } from './jobs/account-scorer.ts'
import type { ScoredAccount } from './jobs/score-rows.ts'

const port = parentPort
if (!isMainThread && port) {
  const { config, asOf, modelId } = workerData as WorkerSetup
  const ctx = buildContext(config, { logger: createLogger('silent') })
  const model = activeModel(ctx)
  let score: ReturnType<typeof accountScorer> | undefined
  port.on('message', async ({ seq, entries }: { seq: number; entries: PageEntry[] }) => {
    try {
      const scoring = await model
      // The main thread read the active model before starting us: a model activated in
      // between must not score half of the book.
      if (scoring.id !== modelId) throw new Error(`the active model changed to ${scoring.id}`)
      // Rows and stored documents go back serialized: cloning whole score objects between
      // threads would cost the main thread as much as scoring them.
      score ??= accountScorer(ctx, asOf, scoring)
      const scored: ScoredAccount[] = []
      for (const entry of entries) scored.push(await score(entry))
      port.postMessage({ seq, scored })
    } catch (error) {
      port.postMessage({ seq, error: error instanceof Error ? error.message : String(error) })
    }
  })
}
