import { InvalidArgumentError, Option } from 'commander'
import { type Config, loadConfig } from '../config.ts'
import { buildContext } from '../context.ts'
import type { Ctx } from '../domain/context.ts'
import { verifyErasureSecret } from '../domain/suppressions.ts'
import { createLogger } from '../logger.ts'

/** Exit codes of every `intent` command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  config: 3,
  rejected: 4,
  badFile: 5,
  interrupted: 130,
} as const

export const EXIT_HELP =
  '\nExit codes: 0 success; 1 failure; 2 bad usage; 3 bad configuration or database;\n' +
  '4 rows rejected (see the rejects file; --allow-rejects makes it 0); 5 unreadable, empty or\n' +
  'malformed input file; 130 interrupted (rerun to resume where it applies).'

/** A context for one command: the database opened, quiet logs, closed when the work is done. */
export async function withCtx<T>(
  db: string | undefined,
  work: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  const ctx = buildContext(configWithDb(db), { logger: createLogger('silent') })
  try {
    await verifyErasureSecret(ctx)
    return await work(ctx)
  } finally {
    await ctx.store.close()
  }
}

/** `--as-of` accepts a date (midnight UTC) or an instant. */
export function parseInstant(value: string): number {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  if (Number.isNaN(ms))
    throw new InvalidArgumentError('must be a date (2026-11-01) or an ISO instant')
  return ms
}

export function dbOption(): Option {
  return new Option('--db <path>', 'SQLite database file (default: $DB_PATH or ./data/intent.db)')
}

export function configWithDb(db: string | undefined): Config {
  const config = loadConfig()
  return db === undefined ? config : { ...config, DB_PATH: db }
}

export function parsePositiveInt(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError('must be a positive whole number')
  return parsed
}

/** A count that may be zero (`--workers 0`), at most 64. */
export function parseCount(value: string): number {
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed > 64)
    throw new InvalidArgumentError('must be a whole number from 0 to 64')
  return parsed
}
