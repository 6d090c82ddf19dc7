import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { INTENT_BIN, runIntent } from '../test/helpers/spawn.ts'

const run = promisify(execFile)
const KEY = 'bench-lookup-admin-key-0123456789'
const LOAD_CLIENT = new URL('./load-client.mjs', import.meta.url).pathname

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  total: number
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

/** A demo database of `accounts` accounts with a year of activity, scored. */
export async function buildDatabase(dir: string, accounts: number): Promise<string> {
  const dbPath = join(dir, 'lookup.db')
  const demo = runIntent(['demo', '--accounts', String(accounts), '--top', '1', '--db', dbPath])
  if ((await demo.exited) !== 0) throw new Error(demo.stderr())
  return dbPath
}

/** `intent score --all` over the database: accounts per second and peak resident memory (MB). */
export async function batchScore(
  dbPath: string,
  accounts: number,
): Promise<{ perSecond: number; rssMb: number | null }> {
  const started = performance.now()
  const args = [INTENT_BIN, 'score', '--all', '--out', '/dev/null', '--db', dbPath]
  const timed = existsSync('/usr/bin/time')
  const { stderr } = timed
    ? await run('/usr/bin/time', ['-v', process.execPath, ...args])
    : await run(process.execPath, args)
  const seconds = (performance.now() - started) / 1000
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
  return { perSecond: accounts / seconds, rssMb: rss ? Number(rss) / 1024 : null }
}

export interface Served {
  base: string
  startupMs: number
  stop(): Promise<void>
}

/** Starts the service on the database and measures the time until /healthz answers. */
export async function serve(dbPath: string): Promise<Served> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [INTENT_BIN, 'serve'], {
    env: {
      ...process.env,
      DB_PATH: dbPath,
      PORT: String(port),
      ADMIN_API_KEY: KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: 'ignore',
  })
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    if (
      await fetch(`${base}/healthz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break
    if (performance.now() - started > 30_000) throw new Error('the service did not start in 30 s')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const startupMs = performance.now() - started
  return {
    base,
    startupMs,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export async function load(
  base: string,
  seconds: number,
  connections: number,
  paths: string[],
): Promise<LoadResult> {
  const { stdout } = await run(
    process.execPath,
    [LOAD_CLIENT, base, String(seconds), String(connections), KEY, ...paths],
    { maxBuffer: 1 << 26 },
  )
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult
}

export async function accountPaths(base: string): Promise<string[]> {
  const response = await fetch(`${base}/v1/accounts?limit=500`, {
    headers: { authorization: `Bearer ${KEY}` },
  })
  const { data } = (await response.json()) as { data: { domain: string }[] }
  return data.map((account) => `/v1/accounts/${account.domain}`)
}

/** Ingest at full speed from this process while a load runs: what look-ups feel under writes. */
export async function ingestWhile<T>(base: string, work: Promise<T>): Promise<T> {
  let done = false
  const result = work.finally(() => {
    done = true
  })
  let n = 0
  const writer = async () => {
    while (!done) {
      const now = Date.now()
      const signals = Array.from({ length: 500 }, (_, i) => ({
        id: `mixed-${n}-${i}`,
        type: 'content',
        account: `mixed${(n + i) % 200}.com`,
        topic: 'ERP',
        occurredAt: new Date(now - i * 1000).toISOString(),
      }))
      n += 1
      await fetch(`${base}/v1/signals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ signals }),
      }).then((r) => r.arrayBuffer())
    }
  }
  await Promise.all([result, writer(), writer()])
  return result
}
