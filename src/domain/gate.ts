/**
 * At most `limit` of some work at once; the rest wait their turn in order. Long work cut into
 * steps (see event-loop.ts) keeps the loop responsive, but two hundred such works interleaved
 * all finish late together: a gate lets a few run, so each finishes soon and the others queue.
 */
export interface Gate {
  run<T>(work: () => Promise<T>): Promise<T>
  /** Works running and waiting now. */
  readonly load: { running: number; waiting: number }
}

export function createGate(limit: number): Gate {
  let running = 0
  const waiting: (() => void)[] = []
  const release = () => {
    running -= 1
    waiting.shift()?.()
  }
  return {
    async run(work) {
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
      running += 1
      try {
        return await work()
      } finally {
        release()
      }
    },
    get load() {
      return { running, waiting: waiting.length }
    },
  }
}
