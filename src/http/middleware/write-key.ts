import type { MiddlewareHandler } from 'hono'
import type { Ctx } from '../../domain/context.ts'
import { authenticate, scopeAllows } from '../../domain/keys.ts'
import { AppError } from '../../errors.ts'
import type { AppEnv } from '../router.ts'

/**
 * Segment-style auth: the write key as the Basic-auth user name with an empty password (what
 * analytics-node, RudderStack and Jitsu send). A Bearer key is accepted too.
 */
export function requireWriteKey(ctx: Ctx): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    let secret: string | undefined
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
    if (basic) secret = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0]
    else secret = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1]
    if (!secret) {
      c.header('WWW-Authenticate', 'Basic realm="intent"')
      throw new AppError(
        'unauthorized',
        'Send a write key as the Basic-auth user name (empty password).',
      )
    }
    const principal = await authenticate(ctx, secret)
    if (!principal)
      throw new AppError('unauthorized', 'The write key is unknown, revoked or expired.')
    ctx.limiter(principal.keyId)
    if (!scopeAllows(principal.scope, 'write'))
      throw new AppError('forbidden', "This route needs a key with the 'write' scope.")
    c.set('principal', principal)
    await next()
  }
}
