import { randomBytes } from 'node:crypto'
import { countAccounts } from '../domain/accounts.ts'
import type { Ctx } from '../domain/context.ts'
import type { Job, JobRegistry } from '../domain/jobs.ts'

export type { Job, JobKind, JobRegistry } from '../domain/jobs.ts'
import { AppError } from '../errors.ts'
import { scoreAll } from './score-all.ts'

export function createJobRegistry(): JobRegistry {
  const jobs = new Map<string, Job>()
  /** The work of each running job, by job id, until it settles. */
  const inFlight = new Map<string, Promise<void>>()
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
        .finally(() => inFlight.delete(job.id))
      inFlight.set(job.id, tracked)
    },
    async settled(id) {
      await inFlight.get(id)
    },
    get stopping() {
      return stopping
    },
    async stop() {
      stopping = true
      await Promise.all(inFlight.values())
    },
  }
}

/** Starts rescoring every account as of now in the background; refuses a second one. */
export async function startScoreJob(ctx: Ctx): Promise<Job> {
  refuseWhenStopping(ctx)
  const running = ctx.jobs.running('score')
  if (running) throw new AppError('conflict', `A scoring job is already running: ${running.id}.`)
  const total = await countAccounts(ctx)
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
