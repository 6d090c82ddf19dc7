/** Background jobs as the domain sees them; the registry itself is made in jobs/registry.ts. */

export type JobKind = 'score'

export interface Job {
  id: string
  kind: JobKind
  status: 'running' | 'done' | 'failed'
  done: number
  total: number
  startedAt: number
  finishedAt: number | null
  error: string | null
}

/**
 * Jobs started over HTTP live in the process (one per kind at a time; a restart forgets them),
 * in a registry the composition root makes, so two services in one process never see each
 * other's jobs. `stop()` refuses new jobs, asks the running ones to stop, and awaits them.
 */
export interface JobRegistry {
  get(id: string): Job | undefined
  running(kind: JobKind): Job | undefined
  /**
   * Registers a job and runs `work` in the background; `shouldStop` turns true once the
   * registry stops. `work` settles the job's status itself and must not reject.
   */
  run(job: Job, work: (shouldStop: () => boolean) => Promise<void>): void
  /**
   * Settles when the job's work does (at once for a finished or unknown job), so that a caller
   * awaits the job itself rather than polling its status. Never rejects, like `stop()`.
   */
  settled(id: string): Promise<void>
  /** True once `stop()` was called: no new job may start. */
  readonly stopping: boolean
  stop(): Promise<void>
}
