import type { Scope } from '../../vocabulary.ts'
import type { MiddlewareHandler } from 'hono'
import type { Ctx } from '../../domain/context.ts'
import { recordKeyUse } from '../../domain/key-use.ts'
import { authenticate, scopeAllows } from '../../domain/keys.ts'
import { AppError } from '../../errors.ts'
import type { AppEnv } from '../router.ts'
import { bearerAuth } from '../openapi.ts'

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i

/** Requires `Authorization: Bearer <key>` with at least `scope`: 401 without a valid key, 403 when too small. */
export function requireScope(ctx: Ctx, scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization')
    const secret = header === undefined ? undefined : BEARER.exec(header)?.[1]
    if (secret === undefined) {
      c.header('WWW-Authenticate', 'Bearer realm="intent"')
      throw new AppError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.')
    }
    const principal = await authenticate(ctx, secret)
    if (principal === null) {
      c.header('WWW-Authenticate', 'Bearer realm="intent", error="invalid_token"')
      throw new AppError('unauthorized', 'The API key is unknown, revoked or expired.')
    }
    ctx.limiter(principal.keyId)
    if (!scopeAllows(principal.scope, scope)) {
      throw new AppError(
        'forbidden',
        `This route needs a key with the '${scope}' scope; yours has '${principal.scope}'.`,
      )
    }
    c.set('principal', principal)
    await next()
    // Only a request that succeeded counts as a use: a refused one must change nothing.
    if (c.res.status < 400) recordKeyUse(ctx, principal)
  }
}

/** A route's API key: declared in the document (bearerAuth) and enforced with its scope. */
export function apiKey(ctx: Ctx, scope: Scope) {
  return { security: bearerAuth, middleware: [requireScope(ctx, scope)] }
}
