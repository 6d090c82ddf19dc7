import { AppError } from '../errors.ts'

/**
 * Cursors are opaque to clients (base64url JSON) so the ordering behind them can change
 * without breaking anyone who stored one.
 */
export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...position })).toString('base64url')
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (value !== null && typeof value === 'object' && (value as { v?: unknown }).v === 1) {
      return value as Record<string, unknown>
    }
  } catch {
    // fall through to the one error below
  }
  throw new AppError('validation_failed', 'The cursor is not one this service issued.', {
    issues: [
      {
        path: ['cursor'],
        message: 'is not a cursor returned by this API',
        code: 'invalid_cursor',
        in: 'query',
      },
    ],
  })
}
