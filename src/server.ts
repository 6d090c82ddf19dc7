import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import type { Config } from './config.ts'
import { buildContext } from './composition-root.ts'
import { ensureBootstrapKey } from './domain/keys.ts'
import { verifyErasureSecret } from './domain/suppressions.ts'
import { redactedUrl } from './database-url.ts'

/** How long in-flight requests get to finish after SIGTERM before we close anyway. */
const DRAIN_TIMEOUT_MS = 10_000

function announceBootstrapKey(secret: string): void {
  // Shown once on the terminal, never through the logger: keys must not reach log storage.
  process.stderr.write(
    [
      '',
      '  No API key existed, so an admin key was created. It is shown only this once:',
      '',
      `    ${secret}`,
      '',
      '  Use it as `Authorization: Bearer <key>`; create narrower keys with `intent keys create`.',
      '',
    ].join('\n'),
  )
}

/**
 * How long a client may take: slow clients hold a socket each, and a few thousand held
 * sockets (sending a header byte a minute, or a body at a byte a second) starve everyone.
 */
export interface ConnectionLimits {
  /** Until the request's headers have all arrived. */
  headersTimeoutMs: number
  /** Until the whole request, body included, has arrived. */
  requestTimeoutMs: number
  /** How often the server checks the two above. */
  checkEveryMs: number
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 120_000,
  checkEveryMs: 2_000,
}

/** The socket could not be bound: the port is taken or privileged, or HOST is not ours. */
export class ListenError extends Error {
  override name = 'ListenError'
  readonly code: string | undefined
  readonly host: string
  readonly port: number

  constructor(host: string, port: number, cause: Error) {
    super(`cannot listen on ${host}:${port}: ${cause.message}`, { cause })
    this.code = (cause as NodeJS.ErrnoException).code
    this.host = host
    this.port = port
  }
}

export async function startServer(
  config: Config,
  limits: ConnectionLimits = CONNECTION_LIMITS,
): Promise<{ close(): Promise<void>; port: number }> {
  // Stopping sends what is due once more: notifications the last refresh or job queued.
  const ctx = buildContext(config, { deliveries: { drain: true } })
  const { logger } = ctx
  await ctx.store.ready
    .then(() => verifyErasureSecret(ctx))
    .catch(async (error: unknown) => {
      await ctx.stop()
      throw error
    })
  const app = createApp(ctx)
  const server = serve({
    fetch: app.fetch,
    hostname: config.HOST,
    port: config.PORT,
    serverOptions: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
  })
  const port = await new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port))
    server.once('error', (error) => reject(new ListenError(config.HOST, config.PORT, error)))
  }).catch(async (error: unknown) => {
    server.close()
    await ctx.stop()
    throw error
  })
  // Only once the port is ours: a start that cannot serve must not leave a key nobody saw used.
  const secret = await ensureBootstrapKey(ctx)
  if (secret) announceBootstrapKey(secret)
  const db = config.DATABASE_URL === undefined ? config.DB_PATH : redactedUrl(config.DATABASE_URL)
  logger.info({ host: config.HOST, port, db }, 'listening')

  ctx.start()
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= new Promise<void>((done) => {
      logger.info('shutting down: draining in-flight requests')
      const force = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections()
      }, DRAIN_TIMEOUT_MS)
      force.unref()
      server.close(() => {
        clearTimeout(force)
        // No request is left to start work: the service awaits its background work in
        // flight (refresh, jobs, deliveries, a last delivery round), then closes the database.
        void ctx
          .stop()
          .catch((error: unknown) => logger.warn({ err: error }, 'shutdown failed'))
          .then(() => {
            logger.info('stopped')
            done()
          })
      })
      if ('closeIdleConnections' in server) server.closeIdleConnections()
    })
    return closing
  }
  return { close, port }
}
