import { bodyLimit } from 'hono/body-limit'
import { clientAddress } from './http/client-address.ts'
import { rateLimiter } from './domain/rate-limiter.ts'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { Ctx } from './domain/context.ts'
import { AppError } from './errors.ts'
import { createRouter } from './http/router.ts'
import { toProblem } from './http/errors.ts'
import { unmatched } from './http/method-not-allowed.ts'
import { accessLog } from './http/middleware/access-log.ts'
import { exceptBodiless } from './http/middleware/bodiless.ts'
import { requestMetrics } from './http/middleware/request-metrics.ts'
import { mountDocs } from './http/routes/docs.ts'
import { apiRoutes } from './http/routes/index.ts'
import { pageBodyLimit } from './web/body-limit.ts'
import { webRoutes } from './web/router.tsx'

/** Methods that never write. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

const isApiPath = (path: string) => path === '/v1' || path.startsWith('/v1/')

/** The whole HTTP surface, built from its dependencies so tests can pass an in-memory store and a fixed clock. */
export function createApp(ctx: Ctx) {
  const app = createRouter()

  app.use('*', requestId())
  // Answers carry personal data (API look-ups, pages, even a problem's detail): no shared or
  // browser cache may keep a copy unless the route says otherwise (/assets are public).
  // Set on the response's own headers: `c.header()` after the handler rebuilds the response
  // around a stream of its body, which the server must then read back (a fifth of a look-up).
  app.use('*', async (c, next) => {
    await next()
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
  })
  app.use('*', accessLog(ctx.logger))
  app.use('*', requestMetrics(ctx.metrics))
  // A write that succeeded ends an episode of refused writes (see domain/storage-health.ts).
  app.use('*', async (c, next) => {
    await next()
    if (!READS.has(c.req.method) && c.res.status < 400) ctx.health.storage.succeeded()
  })
  // CSP is per surface: the pages' strict one (src/web/security.ts), /docs its own (routes/docs.ts).
  app.use(
    '*',
    secureHeaders({ contentSecurityPolicy: undefined, crossOriginEmbedderPolicy: false }),
  )
  // Webhooks answer anyone who can reach them (the signature is the credential): a small body,
  // counted while it streams in, and a rate per client address, before the signature is read.
  const webhookRate = rateLimiter(ctx, { maxKeys: 10_000 })
  const webhookClient = clientAddress(ctx.config.TRUST_PROXY)
  app.use(
    '/v1/webhooks/*',
    exceptBodiless(
      bodyLimit({
        maxSize: WEBHOOK_MAX_BODY_BYTES,
        onError: () => {
          throw new AppError(
            'payload_too_large',
            `A webhook body is at most ${WEBHOOK_MAX_BODY_BYTES} bytes.`,
          )
        },
      }),
    ),
    async (c, next) => {
      webhookRate(`address:${webhookClient(c)}`)
      await next()
    },
  )
  app.use(
    '/v1/*',
    exceptBodiless(
      bodyLimit({
        maxSize: ctx.config.MAX_BODY_BYTES,
        onError: () => {
          throw new AppError(
            'payload_too_large',
            `The body is larger than ${ctx.config.MAX_BODY_BYTES} bytes; send smaller batches.`,
          )
        },
      }),
    ),
  )

  // Everything else (the pages, sign-in, sign-out, /docs, /healthz) takes forms at most.
  const pageLimit = exceptBodiless(pageBodyLimit())
  app.use('*', (c, next) => (isApiPath(c.req.path) ? next() : pageLimit(c, next)))

  app.route('/', apiRoutes(ctx))
  app.route('/', webRoutes(ctx))
  mountDocs(app, { publicUrl: ctx.config.PUBLIC_URL })

  // Last, once every route is registered: a known path with another method is 405, not 404.
  app.notFound(unmatched(app.routes))
  app.onError((error, c) => toProblem(error, c, ctx.logger, ctx.health.storage))
  return app
}

/** CRM events are small (HubSpot batches at most 100 of them): a megabyte is plenty. */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024

export type App = ReturnType<typeof createApp>
