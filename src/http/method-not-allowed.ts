import type { Context } from 'hono'
import { TrieRouter } from 'hono/router/trie-router'
import { AppError } from '../errors.ts'
import { problem } from './errors.ts'

/** The order `Allow` lists methods in. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * The methods each registered path answers, for telling a wrong method (405) from a path that
 * does not exist (404). Built from the app's own route table once every route is registered,
 * and matched by Hono's router, so a path pattern means here what it means when routing.
 */
export function allowedMethods(
  routes: readonly { method: string; path: string }[],
): (path: string) => string[] {
  const router = new TrieRouter<true>()
  const methods = new Set<string>()
  for (const { method, path } of routes) {
    // `use` middleware is registered for ALL methods and answers none by itself.
    if (method === 'ALL') continue
    router.add(method, path, true)
    methods.add(method)
  }
  return (path) => {
    const allowed = new Set([...methods].filter((method) => router.match(method, path)[0].length))
    // Hono answers HEAD with the GET handler.
    if (allowed.has('GET')) allowed.add('HEAD')
    return METHODS.filter((method) => allowed.has(method))
  }
}

/** The app's last word when no handler answered: 405 with `Allow` on a known path, else 404. */
export function unmatched(routes: readonly { method: string; path: string }[]) {
  const allowed = allowedMethods(routes)
  return (c: Context): Response => {
    const { method, path } = c.req
    const allow = allowed(path)
    // A handler that found nothing for its path (`c.notFound()`) lands here too: a 404.
    if (allow.length === 0 || allow.includes(method))
      return problem(c, new AppError('not_found', `There is no route ${method} ${path}.`))
    c.header('Allow', allow.join(', '))
    return problem(
      c,
      new AppError(
        'method_not_allowed',
        `${path} does not take ${method}; it takes ${allow.join(', ')}.`,
      ),
    )
  }
}
