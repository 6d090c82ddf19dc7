import { createHash } from 'node:crypto'

const CLIENT_ID = 0x69 // 'i'
const CONTENT = 0x63 // 'c'
const HASHED_ID = 0x68 // 'h'
const MAX_RAW_ID_BYTES = 40

/**
 * The key that makes a replay a duplicate; its first byte is a namespace, so a client id can
 * never equal a content hash.
 *
 * - A short client id is kept as it is: clients number their events in order (sequences,
 *   time-ordered UUIDs), so a batch then lands on neighbouring pages of the unique index
 *   instead of a thousand random ones. Longer ids are hashed.
 * - Without an id, the key is the day of the signal followed by 96 bits of SHA-256 over its
 *   normalized content: the same locality, and collisions out of reach (about 10^-16 for a
 *   billion signals on one day).
 */
export function dedupeKey(
  externalId: string | null,
  content: readonly unknown[],
  occurredAt: number,
): Buffer {
  if (externalId !== null) {
    const raw = Buffer.from(externalId, 'utf8')
    if (raw.length <= MAX_RAW_ID_BYTES) return Buffer.concat([Buffer.of(CLIENT_ID), raw])
    return Buffer.concat([
      Buffer.of(HASHED_ID),
      createHash('sha256').update(raw).digest().subarray(0, 16),
    ])
  }
  const key = Buffer.allocUnsafe(17)
  key[0] = CONTENT
  key.writeUInt32BE(Math.floor(occurredAt / 86_400_000), 1)
  createHash('sha256').update(JSON.stringify(content)).digest().copy(key, 5, 0, 12)
  return key
}
