import { InvalidArgumentError, Option } from 'commander'
import { type Config, loadConfig } from '../config.ts'

/** Exit codes of every `intent` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, config: 3 } as const

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
