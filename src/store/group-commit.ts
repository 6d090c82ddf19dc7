import type { Db } from './db.ts'

interface Job<I, O> {
  input: I
  resolve(output: O): void
  reject(error: unknown): void
}

/**
 * Group commit: units of work that arrive in the same turn of the event loop are written in
 * one transaction, each inside its own savepoint. Under concurrent load this turns many small
 * commits (each rewriting the same index pages) into one, while every caller still hears back
 * only after its own work is durable, and a unit that fails rolls back alone.
 */
export function groupCommit<I, O>(db: Db, work: (input: I) => O): (input: I) => Promise<O> {
  const unit = db.transaction(work) // nested inside `group`, better-sqlite3 uses a SAVEPOINT
  let pending: Job<I, O>[] = []

  const group = db.transaction((jobs: Job<I, O>[]) =>
    jobs.map((job) => {
      try {
        return { ok: true as const, output: unit(job.input) }
      } catch (error) {
        return { ok: false as const, error }
      }
    }),
  )

  function flush(): void {
    const jobs = pending
    pending = []
    let results: ReturnType<typeof group>
    try {
      results = group.immediate(jobs)
    } catch (error) {
      // The commit itself failed (busy, disk full): nothing of the group is stored.
      for (const job of jobs) job.reject(error)
      return
    }
    results.forEach((result, index) => {
      const job = jobs[index]!
      if (result.ok) job.resolve(result.output)
      else job.reject(result.error)
    })
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ input, resolve, reject })
      if (pending.length === 1) setImmediate(flush)
    })
}
