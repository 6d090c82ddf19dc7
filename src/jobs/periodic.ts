/**
 * A round of background work every `intervalMs`, never two at once, on an unref'd timer (it
 * does not keep the process alive). `halt()` takes no new round; `stop()` halts and awaits
 * the round in flight. The score refresher and the delivery worker are each one of these.
 */
export interface Periodic {
  start(): void
  halt(): void
  stop(): Promise<void>
  /** Whether `start()` was ever called (the timer may have been halted since). */
  readonly started: boolean
  readonly halted: boolean
}

export function periodic(round: () => Promise<unknown>, intervalMs: number): Periodic {
  let current: Promise<unknown> | null = null
  let timer: NodeJS.Timeout | undefined
  let halted = false
  const tick = () => {
    if (current !== null || halted) return
    current = round().finally(() => {
      current = null
    })
  }
  const halt = () => {
    halted = true
    clearInterval(timer)
  }
  return {
    start() {
      if (timer !== undefined || halted) return
      timer = setInterval(tick, intervalMs)
      timer.unref()
    },
    halt,
    async stop() {
      halt()
      await current
    },
    get started() {
      return timer !== undefined
    },
    get halted() {
      return halted
    },
  }
}
