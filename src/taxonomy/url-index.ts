import { compilePattern, matchesPattern, type UrlPattern, type UrlTarget } from './url-pattern.ts'

export interface UrlHit {
  topic: number
  pattern: UrlPattern
}

/**
 * Patterns of one host (or domain) by the literal start of their path, in a character trie:
 * a review site holds a hundred category patterns, and a URL is tested only against those
 * whose literal start its path begins with (`/categories/crm` for `/categories/crm*`).
 */
class PathTrie {
  private readonly next = new Map<string, PathTrie>()
  private readonly hits: UrlHit[] = []

  add(hit: UrlHit): void {
    const star = hit.pattern.path.indexOf('*')
    const literal = star === -1 ? hit.pattern.path : hit.pattern.path.slice(0, star)
    let at: PathTrie = this
    for (const character of literal) {
      let child = at.next.get(character)
      if (child === undefined) {
        child = new PathTrie()
        at.next.set(character, child)
      }
      at = child
    }
    at.hits.push(hit)
  }

  /** Every pattern whose literal path start `path` begins with and which then matches. */
  collect(target: UrlTarget, into: UrlHit[]): void {
    let at: PathTrie | undefined = this
    let i = 0
    while (at !== undefined) {
      for (const hit of at.hits) if (matchesPattern(hit.pattern, target)) into.push(hit)
      if (i === target.path.length) break
      at = at.next.get(target.path[i++]!)
    }
  }
}

/**
 * URL patterns by where they can match: a literal host, a domain and its subdomains (`*.x.com`),
 * or anywhere (the few with another `*` in the host). A URL is tested only against the patterns
 * of its host and of the domains above it (and the anywhere ones), by the start of its path.
 */
export class UrlIndex {
  private readonly byHost = new Map<string, PathTrie>()
  private readonly byDomain = new Map<string, PathTrie>()
  /** The last labels of the domains (`com`, `pl`): a host ending otherwise needs no look-up. */
  private readonly domainEnds = new Set<string>()
  private readonly anywhere = new PathTrie()

  add(topic: number, source: string): void {
    const pattern = compilePattern(source)
    const hit = { topic, pattern }
    if (pattern.anchor === null) {
      this.anywhere.add(hit)
      return
    }
    if (pattern.anchor.kind === 'domain')
      this.domainEnds.add(pattern.anchor.value.slice(pattern.anchor.value.lastIndexOf('.') + 1))
    const map = pattern.anchor.kind === 'host' ? this.byHost : this.byDomain
    let trie = map.get(pattern.anchor.value)
    if (trie === undefined) {
      trie = new PathTrie()
      map.set(pattern.anchor.value, trie)
    }
    trie.add(hit)
  }

  /** Every pattern the URL matches. */
  find(target: UrlTarget): UrlHit[] {
    const hits: UrlHit[] = []
    const { host } = target
    this.byHost.get(host)?.collect(target, hits)
    // The host itself and every domain above it: a.b.com, b.com, com.
    let from = 0
    const end = host.slice(host.lastIndexOf('.') + 1)
    while (this.domainEnds.has(end)) {
      this.byDomain.get(from === 0 ? host : host.slice(from))?.collect(target, hits)
      const dot = host.indexOf('.', from)
      if (dot === -1) break
      from = dot + 1
    }
    this.anywhere.collect(target, hits)
    return hits
  }
}
