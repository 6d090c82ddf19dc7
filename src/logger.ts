import { pino, type Logger } from 'pino'
import type { LogLevel } from './config.ts'

export type { Logger }

/**
 * Structured JSON lines on stdout. Credentials are redacted by path as a second line of
 * defence: no code should log them in the first place.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'intent' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['authorization', 'headers.authorization', 'key', 'apiKey', 'secret', 'password'],
      censor: '[redacted]',
    },
  }
  return destination ? pino(options, destination) : pino(options)
}
