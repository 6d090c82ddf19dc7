/**
 * Worker-thread entry of training: fits the model and its baseline on the examples the main
 * thread sends (seconds of arithmetic on a real book, which must not hold the event loop that
 * answers requests), and sends the fits back. It does nothing when imported on the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { FitExample } from './scoring/additive-fit.ts'
import { fitModels } from './scoring/model-selection.ts'

export interface FitJob {
  train: FitExample[]
  gridTrain: FitExample[]
  minSupport: number | undefined
}

const port = parentPort
if (!isMainThread && port) {
  const { train, gridTrain, minSupport } = workerData as FitJob
  try {
    port.postMessage({ fitted: fitModels(train, gridTrain, minSupport) })
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) })
  }
}
