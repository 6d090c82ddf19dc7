import type { Context } from 'hono'
import { clientResolver, type TrustProxy } from '../trust-proxy.ts'

/**
 * The client's address as TRUST_PROXY allows it to be known, for the sign-in throttle and any
 * per-address limit. The Node adapter passes the socket in `c.env.incoming`.
 */
export function clientAddress(trust: TrustProxy | undefined): (c: Context) => string {
  const resolve = clientResolver(trust)
  return (c) => {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
    return resolve({
      socket: env?.incoming?.socket?.remoteAddress,
      forwardedFor: c.req.header('x-forwarded-for'),
      forwarded: c.req.header('forwarded'),
    })
  }
}
