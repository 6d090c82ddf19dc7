const BASE = 'http://local.invalid'
const MAX_LENGTH = 2048

/**
 * A path a browser reads as on this site, and nothing else: one leading slash not followed by
 * a slash or backslash, no `//` in the path, no backslash or control character anywhere.
 * Browsers read `\` as `/` and drop tabs and newlines before resolving, so those are refused
 * rather than guessed at.
 */
function isSameOriginPath(path: string): boolean {
  if (path.length > MAX_LENGTH || !path.startsWith('/')) return false
  if (path[1] === '/' || path[1] === '\\') return false
  if ([...path].some((ch) => ch === '\\' || ch.charCodeAt(0) < 0x20 || ch === '\x7f')) return false
  const url = new URL(path, BASE)
  return url.origin === BASE && !url.pathname.includes('//')
}

/**
 * Where to go after sign-in: only a path on this site, else `/`. The input is checked, and so
 * is the normalised path actually returned: `/.//evil.example`, `/%2e//x` and `/a/..//x` are
 * harmless-looking inputs that normalise to `//host`, which a browser reads as another site.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !isSameOriginPath(next)) return '/'
  const url = new URL(next, BASE)
  const normalised = `${url.pathname}${url.search}${url.hash}`
  return isSameOriginPath(normalised) ? normalised : '/'
}
