import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.ts'
import { listeningPort, runIntent } from '../helpers/spawn.ts'

describe('intent backup', () => {
  it('copies the database consistently while the service is writing, and the copy restores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-backup-'))
    const dbPath = join(dir, 'intent.db')
    const key = 'backup-test-admin-key-0123456789'
    const server = runIntent(['serve'], { DB_PATH: dbPath, PORT: '0', ADMIN_API_KEY: key })
    const port = await listeningPort(server)
    const send = (from: number) =>
      fetch(`http://127.0.0.1:${port}/v1/signals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          signals: Array.from({ length: 500 }, (_, i) => ({
            id: `s${from + i}`,
            type: 'web_visit',
            account: `c${(from + i) % 50}.com`,
            occurredAt: '2026-11-20T10:00:00Z',
          })),
        }),
      })
    expect((await send(0)).status).toBe(200)
    // Writes keep arriving while the backup runs.
    const writing = Promise.all([1, 2, 3, 4].map((n) => send(n * 500)))
    const backup = runIntent(['backup', join(dir, 'copy.db'), '--db', dbPath])
    expect(await backup.exited).toBe(0)
    expect(backup.stdout()).toMatch(/backed up \d+ pages/)
    for (const response of await writing) expect(response.status).toBe(200)
    server.child.kill('SIGTERM')
    await server.exited

    const restored = openStore(join(dir, 'copy.db'))
    expect(await restored.integrityCheck()).toBe('ok')
    const accounts = await restored.accounts.list(null, 100)
    expect(accounts.items.length).toBe(50)
    await restored.close()

    const again = runIntent(['backup', join(dir, 'copy.db'), '--db', dbPath])
    expect(await again.exited).toBe(2)
  })
})
