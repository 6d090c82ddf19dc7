import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Ctx } from '../../src/domain/context.ts'
import { currentScore } from '../../src/domain/scores.ts'
import { ingestSignals } from '../../src/domain/signals.ts'

/** An account whose stage moves from none to consideration once three people read about a topic. */
export async function causeStageChange(ctx: Ctx, domain: string) {
  await ctx.store.accounts.upsert(domain, { name: 'Acme' }, ctx.clock.now())
  await currentScore(ctx, domain) // first score: no event
  await ingestSignals(
    ctx,
    ['a', 'b', 'c'].map((person, i) => ({
      id: `${domain}-${i}`,
      type: 'content',
      account: domain,
      contact: { email: `${person}@${domain}`, accountDomain: domain },
      topic: 'ERP',
      occurredAt: ctx.clock.now() - 3_600_000,
    })) as never,
  )
  await currentScore(ctx, domain)
}

export interface Received {
  method: string
  path: string
  headers: IncomingMessage['headers']
}

/** A receiver on 127.0.0.1 whose answers a test writes; it records what it got. */
export async function localReceiver(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
) {
  const received: Received[] = []
  const server = createServer((request, response) => {
    received.push({ method: request.method!, path: request.url!, headers: request.headers })
    handle(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    received,
    url: (path = '/hook', host = '127.0.0.1') => `http://${host}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
