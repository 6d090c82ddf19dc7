import { describe, expect, it } from 'vitest'
import { KEY_USE_INTERVAL_MS, keyUsesWritten } from '../../src/domain/key-use.ts'
import { listApiKeys } from '../../src/domain/keys.ts'
import { buildTestApp, NOW, type TestApp } from '../helpers/app.ts'

async function lastUsed(t: TestApp, scope: 'read' | 'write' | 'admin') {
  await keyUsesWritten(t.ctx)
  const prefix = t.keys[scope].slice(0, 9)
  return (await listApiKeys(t.ctx)).find((key) => key.prefix === prefix)!.lastUsedAt
}

const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString()

describe("a key's last use", () => {
  it('is written after a request that succeeded, at most once a minute', async () => {
    const t = await buildTestApp()
    expect(await lastUsed(t, 'read')).toBeNull()
    expect((await t.call('/v1/accounts', { scope: 'read' })).status).toBe(200)
    expect(await lastUsed(t, 'read')).toBe(Date.parse(NOW))
    t.clock.set(at(KEY_USE_INTERVAL_MS - 1))
    await t.call('/v1/accounts', { scope: 'read' })
    expect(await lastUsed(t, 'read')).toBe(Date.parse(NOW))
    t.clock.set(at(KEY_USE_INTERVAL_MS))
    await t.call('/v1/accounts', { scope: 'read' })
    expect(await lastUsed(t, 'read')).toBe(Date.parse(NOW) + KEY_USE_INTERVAL_MS)
    // Per key: the write key was never used.
    expect(await lastUsed(t, 'write')).toBeNull()
  })

  it('is not written by a refused request: wrong scope, invalid body, unknown account', async () => {
    const t = await buildTestApp()
    const refused = [
      await t.json('/v1/signals', 'POST', { signals: [] }, 'read'),
      await t.json('/v1/signals', 'POST', { signals: [{ type: 'nonsense' }] }),
      await t.call('/v1/accounts/nowhere.com', { scope: 'admin' }),
    ]
    expect(refused.map((response) => response.status)).toEqual([403, 400, 404])
    expect(await lastUsed(t, 'read')).toBeNull()
    expect(await lastUsed(t, 'write')).toBeNull()
    expect(await lastUsed(t, 'admin')).toBeNull()
  })

  it('does not hold up the answer: the write happens after the response', async () => {
    const t = await buildTestApp()
    const response = await t.call('/v1/accounts', { scope: 'read' })
    expect(response.status).toBe(200)
    expect((await listApiKeys(t.ctx)).every((key) => key.lastUsedAt === null)).toBe(true)
    expect(await lastUsed(t, 'read')).toBe(Date.parse(NOW))
  })
})
