const encoder = new TextEncoder()

/**
 * Until when an answer stands without a look at the database: while the database's change
 * mark is still `mark` (nothing written since it was validated, by this process or another)
 * and the clock is before `until` (when its stored score stops being servable by age).
 */
export interface Standing {
  mark: string
  until: number
}

/** What is sent: bytes with their own buffer, as a response body takes them. */
export type Bytes = Uint8Array<ArrayBuffer>

interface Entry {
  version: string
  body: Bytes
  standing: Standing | null
}

/**
 * Serialized answers, as the bytes sent (no encoding or length to compute per request), by key and version, least recently used first out, bounded in bytes.
 * A look-up of an unchanged account then costs one key read to check the version instead of
 * reading, parsing, presenting and serializing a 6 KB document; and no read at all while
 * nothing was written since its version was checked (`standing`).
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  /** The answer while it stands: validated under this very mark, and not past its time. */
  standing(key: string, mark: string, now: number): Bytes | undefined {
    const entry = this.entries.get(key)
    const standing = entry?.standing
    if (standing == null || standing.mark !== mark || now >= standing.until) return undefined
    this.touch(key, entry!)
    return entry!.body
  }

  /** The answer if its version is `version`; it then stands as `standing` says, if given. */
  get(key: string, version: string, standing?: Standing): Bytes | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    if (entry.version !== version) {
      this.delete(key)
      return undefined
    }
    if (standing !== undefined) entry.standing = standing
    this.touch(key, entry)
    return entry.body
  }

  set(key: string, version: string, answer: Bytes | string, standing: Standing | null = null) {
    const body = typeof answer === 'string' ? encoder.encode(answer) : answer
    this.delete(key)
    if (body.byteLength > this.maxBytes / 8) return
    this.entries.set(key, { version, body, standing })
    this.bytes += body.byteLength
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= entry.body.byteLength
    }
  }

  /** Re-inserting moves the entry to the young end of the Map's insertion order. */
  private touch(key: string, entry: Entry): void {
    this.entries.delete(key)
    this.entries.set(key, entry)
  }

  private delete(key: string): void {
    const entry = this.entries.get(key)
    if (entry === undefined) return
    this.entries.delete(key)
    this.bytes -= entry.body.byteLength
  }
}
