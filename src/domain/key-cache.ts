import type { ApiKey } from '../records.ts'

/**
 * Stored API keys by the hash of their secret, each with the database's change mark it was
 * read under: while the mark is unchanged nothing was written (no key revoked, created or
 * expired early, by this process or another), so the key row is known without reading it.
 * Only keys that exist are kept, so a stream of unknown secrets adds nothing; the bound is
 * against a book of many keys, not an attacker.
 */
export class KeyCache {
  private readonly entries = new Map<string, { key: ApiKey; mark: string }>()

  constructor(private readonly maxKeys: number) {}

  /** The key row read under this very mark, or undefined when it must be read again. */
  get(hash: string, mark: string): ApiKey | undefined {
    const entry = this.entries.get(hash)
    return entry?.mark === mark ? entry.key : undefined
  }

  set(hash: string, key: ApiKey, mark: string): void {
    if (this.entries.size >= this.maxKeys && !this.entries.has(hash)) this.entries.clear()
    this.entries.set(hash, { key, mark })
  }
}
