/**
 * Lets the event loop run what is waiting (new requests, timers, a health probe) before the
 * caller goes on: long work cut into steps with this between them never holds the loop for
 * longer than one step. `setImmediate` runs after the loop's I/O phase, so a request that
 * arrived meanwhile is read before the next step.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * A step function for a loop of many small pieces: it yields once the work since the last
 * yield took `sliceMs`, so the loop steps aside every few milliseconds, not after every piece
 * (each yield is a trip round the event loop). `sliceMs` 0 yields at every step.
 */
export function timeSlices(sliceMs: number): () => Promise<void> {
  let since = performance.now()
  return async () => {
    if (performance.now() - since < sliceMs) return
    await yieldToEventLoop()
    since = performance.now()
  }
}
