import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listeningPort, runIntent } from '../helpers/spawn.ts'

const KEY = 'concurrency-admin-key-0123456789a'

describe('concurrency and shutdown', () => {
  it('keeps answering look-ups while a rescoring job runs, and SIGTERM drains in-flight requests', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'intent-conc-')), 'intent.db')
    const demo = runIntent(['demo', '--accounts', '120', '--db', dbPath])
    expect(await demo.exited).toBe(0)

    const server = runIntent(['serve'], { DB_PATH: dbPath, PORT: '0', ADMIN_API_KEY: KEY })
    const port = await listeningPort(server)
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      })
    const domains = (
      (await (await api('/v1/accounts?limit=50')).json()) as { data: { domain: string }[] }
    ).data.map((a) => a.domain)

    const job = (await (await api('/v1/jobs/score', { method: 'POST' })).json()) as { id: string }
    let duringJob = 0
    const statuses: number[] = []
    for (let round = 0; round < 200; round++) {
      const [lookup, progress] = await Promise.all([
        api(`/v1/accounts/${domains[round % domains.length]}`),
        api(`/v1/jobs/${job.id}`).then((r) => r.json() as Promise<{ status: string }>),
      ])
      statuses.push(lookup.status)
      await lookup.arrayBuffer()
      if (progress.status === 'running') duringJob += 1
      else break
    }
    expect(duringJob).toBeGreaterThan(0)
    expect(statuses.every((status) => status === 200)).toBe(true)

    // A large batch is in flight when SIGTERM arrives: it still completes, then the process exits 0.
    const signals = Array.from({ length: 5000 }, (_, i) => ({
      id: `late-${i}`,
      type: 'web_visit',
      account: domains[i % domains.length],
      occurredAt: new Date().toISOString(),
    }))
    const inFlight = api('/v1/signals', { method: 'POST', body: JSON.stringify({ signals }) })
    await new Promise((resolve) => setTimeout(resolve, 20))
    server.child.kill('SIGTERM')
    const response = await inFlight
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ accepted: 5000, duplicates: 0 })
    expect(await server.exited).toBe(0)
    expect(server.stdout()).toContain('"msg":"stopped"')
  }, 120_000)
})
