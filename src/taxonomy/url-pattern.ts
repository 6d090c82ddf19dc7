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

/** The length of an `http://` or `https://` prefix (any case), or -1. */
function schemeLength(url: string): number {
  // `| 0x20` lower-cases an ASCII letter: h t t p, then an optional s.
  if (
    (url.charCodeAt(0) | 0x20) !== 0x68 ||
    (url.charCodeAt(1) | 0x20) !== 0x74 ||
    (url.charCodeAt(2) | 0x20) !== 0x74 ||
    (url.charCodeAt(3) | 0x20) !== 0x70
  )
    return -1
  const at = (url.charCodeAt(4) | 0x20) === 0x73 ? 5 : 4
  return url.startsWith('://', at) ? at + 3 : -1
}

/**
 * What a URL is matched on, or null when it is not an http(s) URL. Read by hand rather than
 * with the URL parser, which costs as much as all the rest of matching: the URL was
 * validated on the way in, and matching needs only its host and path. Folded once, whole.
 */
export function urlTarget(url: string): UrlTarget | null {
  const from = schemeLength(url)
  if (from === -1) return null
  const folded = fold(url)
  let hostEnd = folded.length
  let pathEnd = folded.length
  for (let i = from; i < folded.length; i++) {
    const code = folded.charCodeAt(i)
    if (code === 0x3f || code === 0x23) {
      pathEnd = i
      if (hostEnd > i) hostEnd = i
      break
    }
    if ((code === 0x2f || code === 0x5c) && hostEnd === folded.length) hostEnd = i
  }
  let host = folded.slice(from, hostEnd)
  if (host.includes('@')) host = host.slice(host.lastIndexOf('@') + 1)
  if (host.includes(':')) host = host.replace(/:\d*$/, '')
  // Patterns are written in Unicode (`bücher.de`); a URL may carry punycode.
  if (host.includes('xn--')) host = fold(domainToUnicode(host) || host)
  if (host.startsWith('www.')) host = host.slice(4)
  if (host.endsWith('.')) host = host.slice(0, -1)
  let path = hostEnd < pathEnd ? folded.slice(hostEnd, pathEnd) : '/'
  if (path.includes('\\')) path = path.replaceAll('\\', '/')
  if (path.includes('%')) {
    try {
      path = fold(decodeURIComponent(path))
    } catch {
      // A malformed escape is matched as it was sent.
    }
  }
  return { host, path: trimPath(path) }
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
