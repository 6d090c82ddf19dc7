import { describe, expect, it } from 'vitest'
import { keyListing } from '../../src/cli/keys.ts'
import { keyUsesWritten } from '../../src/domain/key-use.ts'
import { listApiKeys } from '../../src/domain/keys.ts'
import { buildTestApp, NOW } from '../helpers/app.ts'

describe('intent keys list', () => {
  it("shows each key's last use, or a dash for a key never used", async () => {
    const t = await buildTestApp()
    expect((await t.call('/v1/accounts', { scope: 'read' })).status).toBe(200)
    await keyUsesWritten(t.ctx)
    const [header, ...rows] = keyListing(await listApiKeys(t.ctx))
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t'))
    const column = header!.indexOf('last used')
    expect(column).toBeGreaterThan(-1)
    const lastUsed = Object.fromEntries(rows.map((row) => [row[2], row[column]]))
    expect(lastUsed).toEqual({ read: NOW, write: '-', admin: '-' })
  })
})
