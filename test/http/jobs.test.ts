import { describe, expect, it } from 'vitest'
import { buildTestApp, problemOf } from '../helpers/app.ts'

interface JobBody {
  id: string
  status: string
  done: number
  total: number
}

describe('jobs', () => {
  it('POST /v1/jobs/score rescores every account in the background; one at a time; progress by id', async () => {
    const t = await buildTestApp()
    for (let i = 0; i < 60; i++) await t.json(`/v1/accounts/c${i}.com`, 'PUT', {})
    const started = await t.call('/v1/jobs/score', { method: 'POST', scope: 'admin' })
    expect(started.status).toBe(202)
    const job = (await started.json()) as JobBody
    expect(job).toMatchObject({ status: 'running', total: 60 })

    const second = await t.call('/v1/jobs/score', { method: 'POST', scope: 'admin' })
    expect(second.status).toBe(409)
    expect((await problemOf(second)).detail).toContain(job.id)

    await t.ctx.jobs.settled(job.id)
    const status = (await (await t.call(`/v1/jobs/${job.id}`, { scope: 'read' })).json()) as JobBody
    expect(status).toMatchObject({ status: 'done', done: 60, total: 60 })
    expect(await t.ctx.store.scores.leaderboard({ limit: 100 })).toHaveLength(60)
  })

  it('needs admin to start, and 404s an unknown job', async () => {
    const t = await buildTestApp()
    expect((await t.call('/v1/jobs/score', { method: 'POST', scope: 'write' })).status).toBe(403)
    expect((await t.call('/v1/jobs/job_nope', { scope: 'read' })).status).toBe(404)
  })
})
