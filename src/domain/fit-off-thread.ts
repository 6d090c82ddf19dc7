import type { FitJob } from '../fit-worker.ts'
import type { FittedModels } from '../scoring/model-selection.ts'
import { startWorker } from '../worker-source.ts'

/**
 * Fits the model on a worker thread and waits for it: the event loop keeps answering requests
 * and probes while training runs (issue 22). The examples are copied to the worker once; the
 * fits that come back are plain data.
 */
export function fitOffThread(job: FitJob): Promise<FittedModels> {
  return new Promise((resolve, reject) => {
    const worker = startWorker('../fit-worker', import.meta.url, { workerData: job })
    let settled = false
    worker.once('message', (message: { fitted?: FittedModels; error?: string }) => {
      settled = true
      if (message.fitted) resolve(message.fitted)
      else reject(new Error(`training failed: ${message.error}`))
      void worker.terminate()
    })
    worker.once('error', (error) => {
      settled = true
      reject(error)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the training worker exited with code ${code}`))
    })
  })
}
