import {
  compilePattern,
  domainsOf,
  matchesPattern,
  type UrlPattern,
  type UrlTarget,
} from './url-pattern.ts'

export interface UrlHit {
  topic: number
  pattern: UrlPattern
}

/**
 * URL patterns by where they can match: a literal host, a domain and its subdomains (`*.x.com`),
 * or anywhere (the few with another `*` in the host). A URL is tested only against the patterns
 * of its host, of the domains above it, and the anywhere ones.
 */
export class UrlIndex {
  private readonly byHost = new Map<string, UrlHit[]>()
  private readonly byDomain = new Map<string, UrlHit[]>()
  private readonly anywhere: UrlHit[] = []

  add(topic: number, source: string): void {
    const pattern = compilePattern(source)
    const hit = { topic, pattern }
    if (pattern.anchor === null) {
      this.anywhere.push(hit)
      return
    }
    const map = pattern.anchor.kind === 'host' ? this.byHost : this.byDomain
    const list = map.get(pattern.anchor.value)
    if (list === undefined) map.set(pattern.anchor.value, [hit])
    else list.push(hit)
  }

  /** Every pattern the URL matches. */
  find(target: UrlTarget): UrlHit[] {
    const hits: UrlHit[] = []
    const test = (candidates: UrlHit[] | undefined) => {
      if (candidates === undefined) return
      for (const hit of candidates) if (matchesPattern(hit.pattern, target)) hits.push(hit)
    }
    test(this.byHost.get(target.host))
    for (const domain of domainsOf(target.host)) test(this.byDomain.get(domain))
    test(this.anywhere)
    return hits
  }
}
