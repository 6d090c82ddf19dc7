import { mkdtempSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listeningPort, runIntent } from '../helpers/spawn.ts'

const KEY = 'concurrency-admin-key-0123456789a'

/**
 * A POST that sends its headers now and its body when told: `accepted` settles once the
 * server has answered "100 Continue", that is, has taken the request in.
 */
function startedPost(port: number, path: string) {
  const req = request({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    agent: false,
    headers: {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
      expect: '100-continue',
    },
  })
  const accepted = new Promise<void>((resolve, reject) => {
    req.once('continue', resolve)
    req.once('error', reject)
  })
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('error', reject)
    req.once('response', (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        body += chunk
      })
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body }))
      response.once('error', reject)
    })
  })
  req.flushHeaders()
  return {
    accepted,
    send(body: string) {
      req.end(body)
      return answered
    },
  }
}

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
    const late = startedPost(port, '/v1/signals')
    // The server has read the request's headers (its 100 Continue says so): the request is its own.
    await late.accepted
    server.child.kill('SIGTERM')
    // Its body arrives only once the server is draining.
    await server.waitFor(() => server.stdout().includes('shutting down') || undefined)
    const response = await late.send(JSON.stringify({ signals }))
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ accepted: 5000, duplicates: 0 })
    expect(await server.exited).toBe(0)
    expect(server.stdout()).toContain('"msg":"stopped"')
  }, 120_000)
})
