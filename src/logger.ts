import { sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { pino, type Logger } from 'pino'
import type { LogLevel } from './config.ts'
import { PACKAGE_ROOT } from './package-root.ts'

export type { Logger }

/** The checkout's root, with its trailing separator: what every logged path is made relative to. */
const ROOT = `${PACKAGE_ROOT}${sep}`
const ROOT_URL = pathToFileURL(ROOT).href
/** Any path into a node_modules folder, wherever it is installed (or linked from). */
const NODE_MODULES = /(?:file:\/\/)?[^\s()'"]*?\/node_modules\//g

/**
 * Paths in a stack trace, relative to the project root: an absolute path tells whoever reads
 * the logs where the service is installed and under which user, and nothing a developer needs.
 */
export function relativePaths(text: string): string {
  return text.replace(NODE_MODULES, 'node_modules/').replaceAll(ROOT_URL, '').replaceAll(ROOT, '')
}

function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>
  if (serialized === null || typeof serialized !== 'object') return serialized
  for (const field of ['stack', 'message'] as const) {
    const value = serialized[field]
    if (typeof value === 'string') serialized[field] = relativePaths(value)
  }
  return serialized
}

/**
 * Structured JSON lines on stdout. Credentials are redacted by path as a second line of
 * defence: no code should log them in the first place.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'intent' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
    redact: {
      paths: ['authorization', 'headers.authorization', 'key', 'apiKey', 'secret', 'password'],
      censor: '[redacted]',
    },
  }
  return destination ? pino(options, destination) : pino(options)
}
