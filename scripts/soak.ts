/**
 * `npm run soak -- --seconds=120`: a bounded soak of a real server on loopback (at most ten
 * minutes): mixed look-ups, leaderboard reads, ingest batches and signed CRM webhooks, reporting
 * errors, latency and the server's resident memory every 10 seconds. Not part of CI.
 */
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { INTENT_BIN, runIntent } from '../test/helpers/spawn.ts'

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const seconds = Math.min(600, arg('seconds', 120))
const KEY = 'soak-admin-key-0123456789abcdefgh'
const SECRET = 'soak-webhook-secret-0123456789'
const dbPath = join(mkdtempSync(join(tmpdir(), 'intent-soak-')), 'intent.db')

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

const demo = runIntent(['demo', '--accounts', '300', '--db', dbPath])
if ((await demo.exited) !== 0) throw new Error(demo.stderr())
const port = await freePort()
const server = spawn(process.execPath, [INTENT_BIN, 'serve'], {
  env: {
    ...process.env,
    DB_PATH: dbPath,
    PORT: String(port),
    ADMIN_API_KEY: KEY,
    WEBHOOK_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
  },
  stdio: 'ignore',
})
const base = `http://127.0.0.1:${port}`
for (let i = 0; i < 100; i++) {
  if (
    await fetch(`${base}/healthz`)
      .then((r) => r.ok)
      .catch(() => false)
  )
    break
  await new Promise((resolve) => setTimeout(resolve, 100))
}
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
const domains = (
  (await (await fetch(`${base}/v1/accounts?limit=300`, { headers })).json()) as {
    data: { domain: string }[]
  }
).data.map((a) => a.domain)

type Kind = 'lookup' | 'leaderboard' | 'ingest' | 'webhook'
const stats = new Map<Kind, { latencies: number[]; errors: number; total: number }>()
const record = (kind: Kind, ms: number, ok: boolean) => {
  const entry = stats.get(kind) ?? { latencies: [], errors: 0, total: 0 }
  entry.latencies.push(ms)
  entry.total += 1
  if (!ok) entry.errors += 1
  stats.set(kind, entry)
}
let sequence = 0
const operations: Record<Kind, () => Promise<Response>> = {
  lookup: () => fetch(`${base}/v1/accounts/${domains[sequence++ % domains.length]}`, { headers }),
  leaderboard: () => fetch(`${base}/v1/accounts?sort=score&limit=50`, { headers }),
  ingest: () => {
    const now = Date.now()
    const signals = Array.from({ length: 100 }, (_, i) => ({
      id: `soak-${sequence}-${i}`,
      type: 'content',
      account: domains[(sequence + i) % domains.length],
      topic: 'ERP',
      occurredAt: new Date(now - i * 60_000).toISOString(),
    }))
    sequence += 1
    return fetch(`${base}/v1/signals`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ signals }),
    })
  },
  webhook: () => {
    const body = JSON.stringify({
      id: `w-${sequence++}`,
      type: 'company.upserted',
      occurredAt: new Date().toISOString(),
      data: { domain: domains[sequence % domains.length], employees: sequence % 5000 },
    })
    const t = Math.floor(Date.now() / 1000)
    const signature = `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`
    return fetch(`${base}/v1/webhooks/crm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body,
    })
  },
}
const mix: Kind[] = ['lookup', 'lookup', 'lookup', 'lookup', 'leaderboard', 'ingest', 'webhook']
const deadline = Date.now() + seconds * 1000
const worker = async () => {
  while (Date.now() < deadline) {
    const kind = mix[Math.floor(Math.random() * mix.length)]!
    const started = performance.now()
    const ok = await operations[kind]()
      .then(async (r) => {
        await r.arrayBuffer()
        return r.status < 400
      })
      .catch(() => false)
    record(kind, performance.now() - started, ok)
  }
}
const rss = () => {
  try {
    return (
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) /
      1024
    )
  } catch {
    return 0
  }
}
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))] ?? 0
const report = (label: string) => {
  const parts = [...stats.entries()].map(
    ([kind, s]) =>
      `${kind} ${s.total} (${s.errors} err) p50 ${quantile(s.latencies, 0.5).toFixed(1)} ms p99 ${quantile(s.latencies, 0.99).toFixed(1)} ms`,
  )
  console.log(`${label} rss ${rss().toFixed(0)} MB | ${parts.join(' | ')}`)
}
const timer = setInterval(
  () => report(`t+${Math.round((seconds * 1000 - (deadline - Date.now())) / 1000)}s`),
  10_000,
)
await Promise.all(Array.from({ length: 8 }, worker))
clearInterval(timer)
report('final')
server.kill('SIGTERM')
await new Promise((resolve) => server.once('exit', resolve))
