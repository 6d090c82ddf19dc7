const BASE = 'http://local.invalid'

/**
 * Where to go after sign-in: only a path on this site. `//evil.com`, `/\evil.com`,
 * `https://evil.com` and anything with control characters fall back to `/`.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2048) return '/'
  // Browsers read a backslash as a slash, and drop tabs and newlines, before resolving.
  const unsafe = [...next].some((ch) => ch === '\\' || ch.charCodeAt(0) < 0x20 || ch === '\x7f')
  if (unsafe || next.startsWith('//')) return '/'
  const url = new URL(next, BASE)
  if (url.origin !== BASE) return '/'
  return `${url.pathname}${url.search}${url.hash}`
}
