/**
 * A repository not yet written for PostgreSQL: every method rejects, naming itself, so a gap
 * fails loudly where it is used. Nothing ships built on this; it exists while repositories are
 * ported one by one.
 */
export function notPorted<T>(name: string): T {
  return new Proxy(
    {},
    {
      get(_target, method) {
        if (method === 'then') return undefined
        return () =>
          Promise.reject(
            new Error(`store.${name}.${String(method)} is not written for PostgreSQL yet`),
          )
      },
    },
  ) as T
}
