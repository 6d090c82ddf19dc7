import type { Scope } from '../../src/vocabulary.ts'
import { createApp } from '../../src/app.ts'
import { fixedClock } from '../../src/clock.ts'
import type { Config } from '../../src/config.ts'
import { testConfig } from './config.ts'
import { rememberDatabase } from './digest.ts'
import { freshPostgresDatabase, hasPostgres } from './postgres.ts'
import { buildContext, type Runtime } from '../../src/composition-root.ts'
import { createApiKey } from '../../src/domain/keys.ts'
import { createLogger } from '../../src/logger.ts'
import type { Lookup } from '../../src/outbound/policy.ts'

export const NOW = '2026-11-25T12:00:00.000Z'

export interface TestApp {
  /** The service itself: its verbs' context, and start()/stop() for tests of its lifecycle. */
  ctx: Runtime
  app: ReturnType<typeof createApp>
  clock: ReturnType<typeof fixedClock>
  keys: Record<Scope, string>
  /** A request with a key of the given scope (write unless said otherwise). */
  call(path: string, init?: RequestInit & { scope?: Scope | null }): Promise<Response>
  json(path: string, method: string, body: unknown, scope?: Scope): Promise<Response>
}

/** Tests never reach real DNS: a name resolves only where a test says so. */
export const noDns: Lookup = (hostname) =>
  Promise.reject(
    Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
  )

/** A resolver answering from a table that a test may change between calls (DNS rebinding). */
export function fakeDns(table: Record<string, string[]>): Lookup & { calls: string[] } {
  const calls: string[] = []
  const lookup = async (hostname: string) => {
    calls.push(hostname)
    const addresses = table[hostname]
    if (!addresses) return noDns(hostname)
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return Object.assign(lookup, { calls })
}

/**
 * `TEST_ENGINE=postgres`: the same tests on a new PostgreSQL database each (a second check of the
 * PostgreSQL store through the routes; tests that name a DB_PATH file keep SQLite).
 */
async function engineOverrides(overrides: Partial<Config>): Promise<Partial<Config>> {
  if (process.env.TEST_ENGINE !== 'postgres' || overrides.DB_PATH !== undefined) return {}
  if (!hasPostgres()) throw new Error('TEST_ENGINE=postgres, but this run has no PostgreSQL server')
  return {
    DATABASE_URL: await freshPostgresDatabase(),
    ERASURE_SECRET: 'test-erasure-secret-0123456789abcdef',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
  }
}

/** A fresh service on an in-memory database, a fixed clock, and one key of each scope. */
export async function buildTestApp(
  overrides: Partial<Config> = {},
  options: { lookup?: Lookup } = {},
): Promise<TestApp> {
  const clock = fixedClock(NOW)
  const config = testConfig({ ...(await engineOverrides(overrides)), ...overrides })
  const ctx = buildContext(config, {
    clock,
    logger: createLogger('silent'),
    lookup: options.lookup ?? noDns,
  })
  if (config.DATABASE_URL !== undefined) rememberDatabase(ctx.store, config.DATABASE_URL)
  const keys = {
    read: (await createApiKey(ctx, { scope: 'read' })).secret,
    write: (await createApiKey(ctx, { scope: 'write' })).secret,
    admin: (await createApiKey(ctx, { scope: 'admin' })).secret,
  }
  const app = createApp(ctx)
  const call: TestApp['call'] = (path, init = {}) => {
    const { scope = 'write', ...rest } = init
    const headers = new Headers(rest.headers)
    if (scope !== null && !headers.has('authorization'))
      headers.set('authorization', `Bearer ${keys[scope]}`)
    return Promise.resolve(app.request(path, { ...rest, headers }))
  }
  const json: TestApp['json'] = (path, method, body, scope = 'write') =>
    call(path, {
      method,
      scope,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  return { ctx, app, clock, keys, call, json }
}

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: string
  requestId: string
  issues?: {
    in: string
    path: (string | number)[]
    pointer: string
    message: string
    code: string
  }[]
}

export async function problemOf(response: Response): Promise<ProblemBody> {
  if (!response.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw new Error(
      `expected problem+json, got ${response.headers.get('content-type')} (${response.status})`,
    )
  }
  return (await response.json()) as ProblemBody
}
