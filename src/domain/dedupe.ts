import { createHash } from 'node:crypto'

/**
 * 128 bits of SHA-256: collisions are out of reach at any volume we will see, and the index
 * stays half the size of a full digest. The namespace keeps a client id `x` from ever
 * matching a content hash.
 */
export function dedupeKey(externalId: string | null, content: readonly unknown[]): Buffer {
  const material =
    externalId === null ? `content\u0000${JSON.stringify(content)}` : `id\u0000${externalId}`
  return createHash('sha256').update(material).digest().subarray(0, 16)
}
