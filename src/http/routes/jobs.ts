import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { getJob, type Job, startScoreJob } from '../../jobs/registry.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, isoInstant, json, problems } from '../openapi.ts'

const JobSchema = z
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

const present = (job: Job): z.infer<typeof JobSchema> => ({
  ...job,
  startedAt: new Date(job.startedAt).toISOString(),
  finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
})

export function jobRoutes(ctx: Ctx) {
  const app = createRouter()
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/score',
      operationId: 'startScoreJob',
      tags: ['jobs'],
      summary: 'Rescore every account in the background',
      description: 'One scoring job runs at a time; a second answers 409 naming the running one.',
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      responses: { 202: json(JobSchema, 'Started'), ...problems(401, 403, 409) },
    }),
    async (c) => c.json(present(await startScoreJob(ctx)), 202),
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs/{id}',
      operationId: 'getJob',
      tags: ['jobs'],
      summary: "A job's progress",
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      request: { params: z.object({ id: z.string().max(100) }) },
      responses: { 200: json(JobSchema, 'The job'), ...problems(401, 404) },
    }),
    (c) => c.json(present(getJob(ctx, c.req.valid('param').id)), 200),
  )
  return app
}
