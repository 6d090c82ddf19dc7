import { z } from 'zod'
import { AppError } from '../errors.ts'

/**
 * Cursors are opaque to clients (base64url JSON) so the ordering behind them can change
 * without breaking anyone who stored one.
 */
export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...position })).toString('base64url')
}

/**
 * `?cursor=`: a listing's `nextCursor`, passed back. Empty is absent, the first page: clients
 * that build the URL from a null or empty `nextCursor` send `cursor=`.
 */
export function cursorQuery(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .optional()
    .transform((cursor) => (cursor === '' ? undefined : cursor))
    .meta({
      description: 'A `nextCursor` from the previous page; absent or empty: the first page.',
    })
}

/** `?limit=`: how many items a page holds, 1 to 500. */
export const limitQuery = (fallback: number) =>
  z.coerce.number().int().min(1).max(500).default(fallback)

/**
 * The position a cursor holds, checked against what its listing needs: a cursor is client
 * input, and a position of the wrong shape (a score that is no number, another sort's cursor)
 * would otherwise page silently from nowhere.
 */
export function decodeCursor<T extends z.ZodType>(cursor: string, position: T): z.output<T> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (value !== null && typeof value === 'object' && (value as { v?: unknown }).v === 1) {
      const parsed = position.safeParse(value)
      if (parsed.success) return parsed.data
    }
  } catch {
    // fall through to the one error below
  }
  throw new AppError('validation_failed', 'The cursor is not one this service issued.', {
    issues: [
      {
        path: ['cursor'],
        message: 'is not a cursor returned by this API for this listing',
        code: 'invalid_cursor',
        in: 'query',
      },
    ],
  })
}
