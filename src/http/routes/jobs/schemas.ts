import { z } from 'zod'
import type { Job } from '../../../jobs/registry.ts'
import { isoInstant } from '../../openapi.ts'

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['score']),
    status: z.enum(['running', 'done', 'failed']),
    done: z.number().int(),
    total: z.number().int(),
    startedAt: isoInstant,
    finishedAt: isoInstant.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'Job' })

export const presentJob = (job: Job): z.infer<typeof JobSchema> => ({
  ...job,
  startedAt: new Date(job.startedAt).toISOString(),
  finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
})
