import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import { INTENT_BIN } from '../test/helpers/spawn.ts'

const run = promisify(execFile)
export const KEY = 'bench-lookup-admin-key-0123456789'
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

/**
 * `intent score --all` over the database: accounts per second and peak resident memory (MB).
 * `dbPath` null: the database `env` names (DATABASE_URL); `extra`: more arguments (--shard).
 */
export async function batchScore(
  dbPath: string | null,
  accounts: number,
  options: { env?: Record<string, string>; extra?: string[] } = {},
): Promise<{ perSecond: number; rssMb: number | null }> {
  const started = performance.now()
  const args = [
    INTENT_BIN,
    'score',
    '--all',
    '--out',
    '/dev/null',
    ...(dbPath === null ? [] : ['--db', dbPath]),
    ...(options.extra ?? []),
  ]
  const timed = existsSync('/usr/bin/time')
  const env = { ...process.env, ...options.env }
  const { stderr } = timed
    ? await run('/usr/bin/time', ['-v', process.execPath, ...args], { env })
    : await run(process.execPath, args, { env })
  const seconds = (performance.now() - started) / 1000
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
  return { perSecond: accounts / seconds, rssMb: rss ? Number(rss) / 1024 : null }
}

export interface Served {
  base: string
  startupMs: number
  stop(): Promise<void>
}

/**
 * Starts the service on the database and measures the time until /healthz answers (`env` may
 * add DATABASE_URL and the secrets it needs).
 */
export async function serve(dbPath: string, env: Record<string, string> = {}): Promise<Served> {
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
      ...env,
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
  // Traffic starts once the service says it is ready, as a load balancer's would.
  while (
    !(await fetch(`${base}/readyz`)
      .then((r) => r.ok)
      .catch(() => false))
  ) {
    if (performance.now() - started > 30_000) throw new Error('the service was not ready in 30 s')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
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

/** Load from a separate process: the API with the bench's key, or the pages with a session cookie. */
export async function load(
  base: string,
  seconds: number,
  connections: number,
  paths: string[],
  as: { cookie?: string } = {},
): Promise<LoadResult> {
  const list = join(mkdtempSync(join(tmpdir(), 'intent-paths-')), 'paths.txt')
  writeFileSync(list, paths.join('\n'))
  const { stdout } = await run(
    process.execPath,
    [LOAD_CLIENT, base, String(seconds), String(connections), as.cookie ? '' : KEY, `@${list}`],
    { maxBuffer: 1 << 26, env: { ...process.env, LOAD_COOKIE: as.cookie ?? '' } },
  )
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult
}

/**
 * Look-up paths: the `count` highest-scored accounts (what sellers open) with sort=score, or
 * the first `count` accounts by domain (mostly quiet ones) without it.
 */
export async function accountPaths(
  base: string,
  count: number,
  sort: 'score' | 'domain',
): Promise<string[]> {
  const paths: string[] = []
  let cursor: string | null = null
  while (paths.length < count) {
    const query = new URLSearchParams({ limit: String(Math.min(500, count - paths.length)) })
    if (sort === 'score') query.set('sort', 'score')
    if (cursor) query.set('cursor', cursor)
    const response = await fetch(`${base}/v1/accounts?${query}`, {
      headers: { authorization: `Bearer ${KEY}` },
    })
    const page = (await response.json()) as {
      data: { domain: string }[]
      nextCursor: string | null
    }
    paths.push(...page.data.map((account) => `/v1/accounts/${account.domain}`))
    cursor = page.nextCursor
    if (cursor === null) break
  }
  return paths
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

/** Asks for every path once, a few at a time, before a measured run. */
export async function warm(base: string, paths: string[]): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!
      await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) =>
        r.arrayBuffer(),
      )
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

/**
 * The ceiling for answers of a look-up's size: a bare Hono route in another process serving
 * the same bytes from memory, so that look-ups can be read against both a tiny and an
 * equally large response.
 */
export async function sameSizeReference(base: string, path: string) {
  const body = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEY}` } }).then(
    (r) => r.text(),
  )
  const port = await freePort()
  const source = `
    import { Hono } from 'hono'
    import { serve } from '@hono/node-server'
    const body = ${JSON.stringify(body)}
    const app = new Hono().get('/reference', (c) => c.body(body, 200, { 'content-type': 'application/json' }))
    serve({ fetch: app.fetch, port: ${port}, hostname: '127.0.0.1' })`
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
    cwd: new URL('..', import.meta.url).pathname,
    stdio: 'ignore',
  })
  const referenceBase = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${referenceBase}/reference`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return {
    bytes: Buffer.byteLength(body),
    base: referenceBase,
    stop: () => child.kill('SIGTERM'),
  }
}
