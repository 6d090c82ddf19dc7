import { mkdtempSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testConfig } from '../helpers/config.ts'
import { startServer } from '../../src/server.ts'

/** Resolves with how long the server kept a socket that sends only part of its request. */
function heldFor(port: number, partial: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = connect(port, '127.0.0.1', () => socket.write(partial))
    socket.on('close', () => resolve(performance.now() - started))
    socket.on('error', reject)
    socket.resume()
  })
}

describe('security: slow clients do not hold sockets', () => {
  it('closes a connection whose headers, or whose body, never finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-slow-'))
    const server = await startServer(
      testConfig({
        DB_PATH: join(dir, 'intent.db'),
        PORT: 0,
        ADMIN_API_KEY: 'a-test-admin-key-of-24-chars!',
      }),
      { headersTimeoutMs: 400, requestTimeoutMs: 800, checkEveryMs: 100 },
    )
    try {
      const headers = await heldFor(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n')
      const body = await heldFor(
        server.port,
        'POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"si',
      )
      // Closed within the limits (with the checking interval's slack), not held for minutes.
      expect(headers).toBeLessThan(3_000)
      expect(body).toBeLessThan(3_000)
    } finally {
      await server.close()
    }
  }, 20_000)
})
