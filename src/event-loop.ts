/**
 * Lets the event loop run what is waiting (new requests, timers, a health probe) before the
 * caller goes on: long work cut into steps with this between them never holds the loop for
 * longer than one step. `setImmediate` runs after the loop's I/O phase, so a request that
 * arrived meanwhile is read before the next step.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
