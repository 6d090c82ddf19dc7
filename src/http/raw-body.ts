import type { Context } from 'hono'
import { AppError } from '../errors.ts'

/**
 * Signed webhooks: the signature covers the bytes the sender sent, so the body is read once
 * as bytes, verified, and only then decoded. A lenient decoder would turn a 0xff byte into
 * U+FFFD and drop a BOM, so a signature over other bytes could pass.
 */
export async function rawBody(c: Context): Promise<Uint8Array> {
  return new Uint8Array(await c.req.arrayBuffer())
}

/** Strict UTF-8 (a leading BOM is dropped, as RFC 8259 allows); anything else is a bad request. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new AppError('bad_request', 'The request body is not valid UTF-8.')
  }
}
