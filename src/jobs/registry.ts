import { randomBytes } from 'node:crypto'
import type { Ctx } from '../domain/context.ts'
import { AppError } from '../errors.ts'
import { scoreAll } from './score-all.ts'

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
  /** True once `stop()` was called: no new job may start. */
  readonly stopping: boolean
  stop(): Promise<void>
}

export function createJobRegistry(): JobRegistry {
  const jobs = new Map<string, Job>()
  const inFlight = new Set<Promise<void>>()
  let stopping = false
  return {
    get: (id) => jobs.get(id),
    running: (kind) =>
      [...jobs.values()].find((job) => job.kind === kind && job.status === 'running'),
    run(job, work) {
      jobs.set(job.id, job)
      // `work` settles its job's status itself; a rejection it let slip must not fail `stop()`.
      const tracked: Promise<void> = work(() => stopping)
        .catch(() => undefined)
        .finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    },
    get stopping() {
      return stopping
    },
    async stop() {
      stopping = true
      await Promise.all(inFlight)
    },
  }
}

/** Starts rescoring every account as of now in the background; refuses a second one. */
export async function startScoreJob(ctx: Ctx): Promise<Job> {
  refuseWhenStopping(ctx)
  const running = ctx.jobs.running('score')
  if (running) throw new AppError('conflict', `A scoring job is already running: ${running.id}.`)
  const total = (await ctx.store.accounts.list(null, 10_000_000)).items.length
  // Asked again: the service may have begun stopping while the accounts were counted.
  refuseWhenStopping(ctx)
  const job: Job = {
    id: `job_${randomBytes(6).toString('hex')}`,
    kind: 'score',
    status: 'running',
    done: 0,
    total,
    startedAt: ctx.clock.now(),
    finishedAt: null,
    error: null,
  }
  ctx.jobs.run(job, async (shouldStop) => {
    try {
      const result = await scoreAll(ctx, {
        asOf: job.startedAt,
        write: async () => {
          job.done += 1
        },
        shouldStop,
      })
      job.status = result.interrupted ? 'failed' : 'done'
      if (result.interrupted) job.error = 'The service stopped before the job finished.'
    } catch (error) {
      job.status = 'failed'
      job.error = 'The job failed; see the server log.'
      ctx.logger.error({ err: error, jobId: job.id }, 'scoring job failed')
    }
    job.finishedAt = ctx.clock.now()
  })
  return job
}

function refuseWhenStopping(ctx: Ctx): void {
  if (ctx.jobs.stopping)
    throw new AppError(
      'unavailable',
      'The service is shutting down; start the job after it restarts.',
    )
}

export function getJob(ctx: Ctx, id: string): Job {
  const job = ctx.jobs.get(id)
  if (!job) throw new AppError('not_found', `The job '${id}' was not found.`)
  return job
}
