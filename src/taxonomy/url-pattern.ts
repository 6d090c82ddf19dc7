import { domainToUnicode } from 'node:url'
import { fold } from './fold.ts'

/**
 * URL patterns: globs over host + path, where `*` is any run of characters (within the host,
 * any run that stays in the host). Both sides are folded (case, diacritics), `www.` and the
 * port are dropped, the path is percent-decoded, the query and fragment are ignored, and a
 * trailing slash is dropped (the root stays `/`). A host starting `*.` also matches the bare
 * domain, as browsers' match patterns do; a pattern without a path covers the whole site.
 *
 * Matching is the two-pointer glob walk, linear in practice and never worse than
 * pattern × text: no regular expression is built, so no pattern can make matching explode.
 */

export interface UrlPattern {
  /** As written in the taxonomy. */
  source: string
  host: string
  path: string
  /** Where the pattern can be looked up: its literal host, or the domain after `*.`. */
  anchor: { kind: 'host' | 'domain'; value: string } | null
  /** Literal characters: the more, the more specific. */
  literals: number
}

/** The host and path a URL (or a pattern) is matched on. */
export interface UrlTarget {
  host: string
  path: string
}

function trimPath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

/** Folds a pattern into its host and path parts (`g2.com`, `/categories/crm*`). */
export function patternParts(pattern: string): UrlTarget {
  const folded = fold(pattern.trim())
  const slash = folded.indexOf('/')
  const host = (slash === -1 ? folded : folded.slice(0, slash)).replace(/^www\./, '')
  return { host, path: slash === -1 ? '/*' : trimPath(folded.slice(slash)) }
}

export function compilePattern(source: string): UrlPattern {
  const { host, path } = patternParts(source)
  const domain = host.startsWith('*.') ? host.slice(2) : null
  let anchor: UrlPattern['anchor'] = null
  if (!host.includes('*')) anchor = { kind: 'host', value: host }
  else if (domain !== null && !domain.includes('*')) anchor = { kind: 'domain', value: domain }
  return { source, host, path, anchor, literals: (host + path).replaceAll('*', '').length }
}

export function matchesPattern(pattern: UrlPattern, target: UrlTarget): boolean {
  if (!globMatch(pattern.path, target.path)) return false
  if (pattern.anchor?.kind === 'domain') {
    const domain = pattern.anchor.value
    return target.host === domain || target.host.endsWith(`.${domain}`)
  }
  return globMatch(pattern.host, target.host)
}

/** `*` matches any run of characters; everything else itself. */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let star = -1
  let resume = 0
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++
      t++
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++
      resume = t
    } else if (star !== -1) {
      p = star + 1
      t = ++resume
    } else return false
  }
  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
}

/**
 * What a URL is matched on, or null when it is not an http(s) URL. Read by hand rather than
 * with the URL parser, which costs as much as all the rest of matching: the URL was
 * validated on the way in, and matching needs only its host and path.
 */
export function urlTarget(url: string): UrlTarget | null {
  const scheme = /^https?:\/\//i.exec(url)
  if (scheme === null) return null
  const from = scheme[0].length
  let hostEnd = url.length
  let pathEnd = url.length
  for (let i = from; i < url.length; i++) {
    const code = url.charCodeAt(i)
    if (code === 0x3f || code === 0x23) {
      pathEnd = i
      if (hostEnd > i) hostEnd = i
      break
    }
    if ((code === 0x2f || code === 0x5c) && hostEnd === url.length) hostEnd = i
  }
  let host = url.slice(from, hostEnd)
  host = host.slice(host.lastIndexOf('@') + 1).replace(/:\d*$/, '')
  // Patterns are written in Unicode (`bücher.de`); a URL may carry punycode.
  if (host.includes('xn--')) host = domainToUnicode(host.toLowerCase()) || host
  let path = hostEnd < pathEnd ? url.slice(hostEnd, pathEnd).replaceAll('\\', '/') : '/'
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path)
    } catch {
      // A malformed escape is matched as it was sent.
    }
  }
  return {
    host: fold(host)
      .replace(/^www\./, '')
      .replace(/\.$/, ''),
    path: trimPath(fold(path)),
  }
}

/** The domains a host belongs to, itself first: `a.b.c.com` → `a.b.c.com`, `b.c.com`, `c.com`, `com`. */
export function domainsOf(host: string): string[] {
  const domains = [host]
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1))
    domains.push(host.slice(dot + 1))
  return domains
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i
const HOST_CHARACTERS = /^[\p{L}\p{N}.*-]+$/u
const MAX_STARS = 8

/** Why a pattern cannot be used, or null: for the taxonomy's validation. */
export function patternProblem(pattern: string): string | null {
  if (/\s/.test(pattern)) return 'must not contain spaces'
  if (SCHEME.test(pattern))
    return 'must not start with a scheme: write g2.com/categories/crm*, not https://…'
  if (/[?#]/.test(pattern))
    return 'must not contain ? or #: patterns match the host and path, not the query'
  const { host, path } = patternParts(pattern)
  if (host === '' || host === '*.') return 'must start with a host, e.g. vendor.com or *.vendor.com'
  if (!HOST_CHARACTERS.test(host))
    return 'has a host with characters a host cannot have (letters, digits, dots, hyphens and * only)'
  if ((pattern.match(/\*/g) ?? []).length > MAX_STARS)
    return `must have at most ${MAX_STARS} wildcards (*)`
  if ((host + path).replace(/[*./-]/g, '').length < 3)
    return 'is too broad: it needs at least 3 letters or digits besides wildcards'
  return null
}
