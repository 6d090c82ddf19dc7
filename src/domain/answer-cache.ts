/**
 * Serialized answers by key and version, least recently used first out, bounded in bytes.
 * A look-up of an unchanged account then costs one key read to check the version instead of
 * reading, parsing, presenting and serializing a 6 KB document.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { version: string; body: string }>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  get(key: string, version: string): string | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    if (entry.version !== version) {
      this.delete(key)
      return undefined
    }
    // Re-inserting moves the entry to the young end of the Map's insertion order.
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.body
  }

  set(key: string, version: string, body: string): void {
    this.delete(key)
    if (body.length > this.maxBytes / 8) return
    this.entries.set(key, { version, body })
    this.bytes += body.length
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= entry.body.length
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key)
    if (entry === undefined) return
    this.entries.delete(key)
    this.bytes -= entry.body.length
  }
}
