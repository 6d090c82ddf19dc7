import { randomBytes } from 'node:crypto'
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { type Config, ConfigError } from '../config.ts'
import type { Logger } from '../logger.ts'

export const SESSION_SECRET_FILE = 'session-secret'
const HEX_SECRET = /^[0-9a-f]{64}$/

/** In-memory databases vanish with the process, and so may their sessions' secret. */
const PROCESS_SECRET = randomBytes(32).toString('hex')

function refuse(path: string, reason: string): never {
  throw new ConfigError(
    `Invalid configuration:\n  SESSION_SECRET: unset, and ${path} cannot be used: ${reason}. ` +
      'Set SESSION_SECRET, or remove the file to have a new one made (sessions then end).',
  )
}

/**
 * Makes the file atomically: a private temporary file linked into place, so a second process
 * starting at the same moment reads the winner's secret, never a half-written one.
 */
function createOnce(path: string): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  try {
    linkSync(temporary, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    unlinkSync(temporary)
  }
}

/**
 * The secret that signs session cookies: SESSION_SECRET, else a file beside the database
 * (made on first use, mode 0600), else for `:memory:` a secret of this process. Never the
 * database itself: a copy of it must not be enough to forge a session.
 */
export function sessionSecret(config: Config, logger: Logger): string {
  if (config.SESSION_SECRET !== undefined) return config.SESSION_SECRET
  if (config.DB_PATH === ':memory:') return PROCESS_SECRET
  const path = join(dirname(config.DB_PATH), SESSION_SECRET_FILE)
  let text: string
  try {
    createOnce(path)
    text = readFileSync(path, 'utf8').trim()
    if ((statSync(path).mode & 0o077) !== 0)
      logger.warn({ path }, 'the session secret file is readable by others; chmod 600 it')
  } catch (error) {
    refuse(path, error instanceof Error ? error.message : String(error))
  }
  if (!HEX_SECRET.test(text)) refuse(path, 'it does not hold 64 hexadecimal characters')
  return text
}
