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

/** Jobs started over HTTP live in the process: one per kind at a time; a restart forgets them. */
const registries = new WeakMap<object, Map<string, Job>>()

function registry(ctx: Ctx): Map<string, Job> {
  let jobs = registries.get(ctx.store)
  if (!jobs) {
    jobs = new Map()
    registries.set(ctx.store, jobs)
  }
  return jobs
}

/** Starts rescoring every account as of now in the background; refuses a second one. */
export async function startScoreJob(ctx: Ctx): Promise<Job> {
  const jobs = registry(ctx)
  const running = [...jobs.values()].find((job) => job.kind === 'score' && job.status === 'running')
  if (running) throw new AppError('conflict', `A scoring job is already running: ${running.id}.`)
  const total = (await ctx.store.accounts.list(null, 10_000_000)).items.length
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
  jobs.set(job.id, job)
  void scoreAll(ctx, {
    asOf: job.startedAt,
    write: async () => {
      job.done += 1
    },
    shouldStop: () => false,
  }).then(
    () => {
      job.status = 'done'
      job.finishedAt = ctx.clock.now()
    },
    (error: unknown) => {
      job.status = 'failed'
      job.finishedAt = ctx.clock.now()
      job.error = 'The job failed; see the server log.'
      ctx.logger.error({ err: error, jobId: job.id }, 'scoring job failed')
    },
  )
  return job
}

export function getJob(ctx: Ctx, id: string): Job {
  const job = registry(ctx).get(id)
  if (!job) throw new AppError('not_found', `The job '${id}' was not found.`)
  return job
}
