import { parseShard, type Shard } from '../shard.ts'
import { InvalidArgumentError, Option } from 'commander'

/** Exit codes of every `intent` command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  config: 3,
  rejected: 4,
  badFile: 5,
  unavailable: 6,
  interrupted: 130,
} as const

export const EXIT_HELP =
  '\nExit codes: 0 success (also when a reader such as `head` closes the output early);\n' +
  '1 failure (also: the API key or suppression named does not exist); 2 bad usage;\n' +
  '3 bad configuration or database (DB_PATH unusable or not a SQLite file); 4 rows rejected\n' +
  '(see the rejects file; --allow-rejects makes it 0); 5 unreadable, empty or malformed input\n' +
  'file; 6 a folder or port it needs is unavailable (output folder missing or not writable,\n' +
  'port in use); 130 interrupted (rerun to resume where it applies).'

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

export function parsePositiveInt(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError('must be a positive whole number')
  return parsed
}

/** A count that may be zero (`--workers 0`), at most 64. */
/** `--shard K/N`: the K-th of N parts of the accounts by id (domain/shard.ts). */
export function parseShardOption(value: string): Shard {
  const shard = parseShard(value)
  if (typeof shard === 'string') throw new InvalidArgumentError(shard)
  return shard
}

export function parseCount(value: string): number {
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed > 64)
    throw new InvalidArgumentError('must be a whole number from 0 to 64')
  return parsed
}
