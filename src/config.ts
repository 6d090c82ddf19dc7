import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { parseAllowHosts } from './outbound/allow-list.ts'
import { isPostgresUrl } from './database-url.ts'
import { credentialedBase } from './outbound/api-base.ts'
import { parseTrustProxy, TRUST_PROXY_HELP } from './trust-proxy.ts'

/**
 * Environment configuration, parsed once at start-up and passed in as a value.
 * Nothing else in the code base reads `process.env`.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const port = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535 (0 picks a free port)')
  .max(65535, 'must be between 0 and 65535 (0 picks a free port)')

const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DB_PATH: z.string().trim().min(1, 'must not be empty').default('./data/intent.db'),
  /**
   * postgres://… or postgresql://…: the store is that PostgreSQL database (replicas share it),
   * and DB_PATH is not used. Unset: SQLite at DB_PATH.
   */
  DATABASE_URL: z
    .string()
    .trim()
    .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ADMIN_API_KEY: z
    .string()
    .min(24, 'must be at least 24 characters (use `openssl rand -base64 32`)')
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  SCORING_CONFIG: z.string().trim().min(1).optional(),
  /** Shared secret of the generic CRM webhook's X-Signature (t=…,v1=…). Unset: the route is off. */
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The HubSpot app's client secret, for X-HubSpot-Signature-v3. Unset: the route is off. */
  HUBSPOT_CLIENT_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
  /**
   * A HubSpot private app's access token: set, score changes are written to the companies'
   * intent properties (see jobs/hubspot-worker.ts). It goes into a header: printable ASCII only.
   */
  HUBSPOT_ACCESS_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{16,512}$/, 'must be a private app access token (pat-…), without spaces')
    .optional(),
  /** Where HubSpot's API is (tests, proxies): the token goes there and nowhere else. */
  HUBSPOT_API_BASE: z
    .string()
    .transform((raw, zctx) => {
      const base = credentialedBase(raw.trim())
      if (base.ok) return base.base
      zctx.addIssue({ code: 'custom', message: base.reason })
      return z.NEVER
    })
    .default('https://api.hubapi.com'),
  /** The service's public base URL as CRMs call it (HubSpot signs the full URI). Default: as received. */
  PUBLIC_URL: z.url().optional(),
  /** Signs the sales pages' session cookies. Unset: a random secret is made once and kept in the database. */
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (use `openssl rand -base64 32`)')
    .optional(),
  /**
   * Keys the hashes of erased e-mail addresses and domains (suppressions, audit log). Unset: a
   * random secret kept in `erasure-secret` beside the database (see resolveErasureSecret).
   */
  ERASURE_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (use `openssl rand -hex 32`)')
    .optional(),
  /**
   * A file holding the erasure secret as kept beside a SQLite database (64 hex digits): how
   * replicas over PostgreSQL keep the secret of a database copied from SQLite (migrate-to-postgres).
   */
  ERASURE_SECRET_FILE: z.string().trim().min(1).optional(),
  /**
   * Where trained models are also written as versioned JSON files (the database holds them
   * too). Default: `models/` beside the database, never the package's own models/ folder.
   */
  MODELS_DIR: z.string().trim().min(1).optional(),
  /** Which proxies may name the client in X-Forwarded-For / Forwarded. Unset: none, the socket counts. */
  TRUST_PROXY: z
    .string()
    .transform((text, ctx) => {
      const trust = parseTrustProxy(text)
      if (trust !== null) return trust
      ctx.addIssue({ code: 'custom', message: TRUST_PROXY_HELP })
      return z.NEVER
    })
    .optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or more')
    .default(12_000),
  /**
   * Internal hosts score notifications may reach (comma-separated names, IPs or CIDR ranges);
   * loopback, private and link-local targets are refused otherwise.
   */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .transform((raw, zctx) => {
      const { entries, invalid } = parseAllowHosts(raw)
      if (invalid.length === 0) return entries
      zctx.addIssue({
        code: 'custom',
        message: `${invalid.map((item) => JSON.stringify(item)).join(', ')} ${invalid.length === 1 ? 'is' : 'are'} not a host name, IP address or CIDR range`,
      })
      return z.NEVER
    })
    .optional(),
  /** /healthz says degraded when the database's volume has less free space than this (0: off). */
  HEALTH_MIN_FREE_MB: z.coerce
    .number({ error: 'must be a number of megabytes' })
    .min(0, 'must be 0 (off) or more')
    .default(64),
  /** /healthz says degraded when the event loop ran this late (ms) in the last 10-20 s (0: off). */
  HEALTH_MAX_LAG_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .min(0, 'must be 0 (off) or more')
    .default(1000),
  MAX_BODY_BYTES: z.coerce
    .number({ error: 'must be a whole number of bytes' })
    .int('must be a whole number of bytes')
    .min(1024, 'must be at least 1024')
    .max(256 * 1024 * 1024, 'must be at most 268435456')
    .default(10 * 1024 * 1024),
})

export type Config = Omit<z.infer<typeof envSchema>, 'MODELS_DIR'> & { MODELS_DIR: string }
export type LogLevel = (typeof LOG_LEVELS)[number]

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Empty strings count as unset, as they do in most twelve-factor services. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') out[key] = value
  }
  return out
}

/** Trained models travel with the database they were trained on (and its backups). */
function modelsBeside(dbPath: string): string {
  if (dbPath === ':memory:') return join(tmpdir(), 'intent-models')
  return join(dirname(dbPath), 'models')
}

/**
 * Replicas over one PostgreSQL database must agree on the secrets a lone SQLite service keeps in
 * files beside its database: suppression hashes keyed by another replica's erasure secret would
 * never match, and a session signed by one replica would be refused by the next.
 */
const sharedSecrets = envSchema.superRefine((env, zctx) => {
  if (env.DATABASE_URL === undefined) return
  for (const name of ['ERASURE_SECRET', 'SESSION_SECRET'] as const) {
    if (name === 'ERASURE_SECRET' && env.ERASURE_SECRET_FILE !== undefined) continue
    if (env[name] === undefined)
      zctx.addIssue({
        code: 'custom',
        path: [name],
        message:
          'must be set with DATABASE_URL: every replica needs the same one (there is no database folder to keep it in)',
      })
  }
})

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = sharedSecrets.safeParse(withoutEmpty(env))
  if (result.success)
    return {
      ...result.data,
      MODELS_DIR: result.data.MODELS_DIR ?? modelsBeside(result.data.DB_PATH),
    }
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment')
    const secret = [
      'ADMIN_API_KEY',
      'WEBHOOK_SECRET',
      'HUBSPOT_CLIENT_SECRET',
      'HUBSPOT_ACCESS_TOKEN',
      'SESSION_SECRET',
      'ERASURE_SECRET',
      'DATABASE_URL', // may carry a password
    ].includes(name)
    const got = name in env && !secret ? ` (got ${JSON.stringify(env[name])})` : ''
    return `  ${name}: ${issue.message}${got}`
  })
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
}

const SECRET_FILE = 'erasure-secret'
const SECRET_HEX = /^[0-9a-f]{64}$/

/**
 * The secret that keys the hashes of erased identities: `ERASURE_SECRET` when set; else 32
 * random bytes kept (hex, mode 0600) in `erasure-secret` beside the database, made on first
 * use, so suppressions keep matching across restarts; else, for an in-memory database that
 * outlives no process, random bytes of this process. Called once, by the composition root.
 */
export function resolveErasureSecret(config: Config): Buffer {
  if (config.ERASURE_SECRET !== undefined) return Buffer.from(config.ERASURE_SECRET, 'utf8')
  if (config.ERASURE_SECRET_FILE !== undefined) return secretFromFile(config.ERASURE_SECRET_FILE)
  if (config.DB_PATH === ':memory:') return randomBytes(32)
  const file = join(dirname(config.DB_PATH), SECRET_FILE)
  mkdirSync(dirname(file), { recursive: true })
  try {
    // 'wx': never overwrite; when two processes race, the loser reads the winner's secret.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(
        `Invalid configuration:\n  ERASURE_SECRET: unset, and ${file} cannot be created: ${(error as Error).message}`,
      )
    }
  }
  const hex = readFileSync(file, 'utf8').trim()
  if (!SECRET_HEX.test(hex)) {
    throw new ConfigError(
      `Invalid configuration:\n  ERASURE_SECRET: unset, and ${file} does not hold 64 hex digits; restore it from your backup (a new secret would stop every suppression from matching)`,
    )
  }
  return Buffer.from(hex, 'hex')
}

/** ERASURE_SECRET_FILE: the file must exist (a new secret would stop every suppression matching). */
function secretFromFile(file: string): Buffer {
  let hex: string
  try {
    hex = readFileSync(file, 'utf8').trim()
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  ERASURE_SECRET_FILE: cannot read ${file}: ${(error as Error).message}`,
    )
  }
  if (!SECRET_HEX.test(hex))
    throw new ConfigError(
      `Invalid configuration:\n  ERASURE_SECRET_FILE: ${file} does not hold 64 hex digits (the erasure-secret file kept beside a SQLite database)`,
    )
  return Buffer.from(hex, 'hex')
}

/** Every variable the schema reads, in its order: what `intent --help` lists. */
export const CONFIG_KEYS = Object.keys(envSchema.shape) as (keyof Config)[]
