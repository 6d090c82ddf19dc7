import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { Ctx } from './domain/context.ts'
import { AppError } from './errors.ts'
import { createRouter } from './http/env.ts'
import { problem, toProblem } from './http/errors.ts'
import { accessLog } from './http/middleware/access-log.ts'
import { accountTopicRoutes } from './http/routes/account-topics.ts'
import { accountRoutes } from './http/routes/accounts.ts'
import { contactRoutes } from './http/routes/contacts.ts'
import { mountDocs } from './http/routes/docs.ts'
import { healthRoutes } from './http/routes/health.ts'
import { ingestRoutes } from './http/routes/ingest.ts'
import { jobRoutes } from './http/routes/jobs.ts'
import { modelRoutes } from './http/routes/models.ts'
import { segmentRoutes } from './http/routes/segment.ts'
import { subscriptionRoutes } from './http/routes/subscriptions.ts'
import { suppressionRoutes } from './http/routes/suppressions.ts'
import { titleRoutes } from './http/routes/titles.ts'
import { topicRoutes } from './http/routes/topics.ts'
import { webhookRoutes } from './http/routes/webhooks.ts'
import { webRoutes } from './web/router.tsx'

/** The whole HTTP surface, built from its dependencies so tests can pass an in-memory store and a fixed clock. */
export function createApp(ctx: Ctx) {
  const app = createRouter()

  app.use('*', requestId())
  app.use('*', accessLog(ctx.logger))
  // Swagger UI loads its scripts from a CDN, so the default CSP would blank /docs.
  app.use(
    '*',
    secureHeaders({ contentSecurityPolicy: undefined, crossOriginEmbedderPolicy: false }),
  )
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: ctx.config.MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          `The body is larger than ${ctx.config.MAX_BODY_BYTES} bytes; send smaller batches.`,
        )
      },
    }),
  )

  app.route('/', healthRoutes(ctx))
  app.route('/', accountRoutes(ctx))
  app.route('/', accountTopicRoutes(ctx))
  app.route('/', contactRoutes(ctx))
  app.route('/', ingestRoutes(ctx))
  app.route('/', topicRoutes(ctx))
  app.route('/', modelRoutes(ctx))
  app.route('/', titleRoutes(ctx))
  app.route('/', jobRoutes(ctx))
  app.route('/', segmentRoutes(ctx))
  app.route('/', webhookRoutes(ctx))
  app.route('/', subscriptionRoutes(ctx))
  app.route('/', suppressionRoutes(ctx))
  app.route('/', webRoutes(ctx))
  mountDocs(app)

  app.notFound((c) =>
    problem(c, new AppError('not_found', `There is no route ${c.req.method} ${c.req.path}.`)),
  )
  app.onError((error, c) => toProblem(error, c, ctx.logger))
  return app
}

export type App = ReturnType<typeof createApp>
