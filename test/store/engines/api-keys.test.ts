import { createHash } from 'node:crypto'
import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import type { NewApiKey } from '../../../src/store/repos/api-keys.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const secret = (name: string) => createHash('sha256').update(name).digest()
const key = (id: string, fields: Partial<NewApiKey> = {}): NewApiKey => ({
  id,
  secretHash: secret(id),
  prefix: `ik_${id}`,
  scope: 'read',
  name: null,
  expiresAt: null,
  ...fields,
})

describeEachEngine('api keys', ({ open, openPair }) => {
  let stores: Store[] = []
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })
  const one = async () => {
    const store = await open()
    stores.push(store)
    return store
  }

  it('creates a key and finds it by secret hash and by id', async () => {
    const store = await one()
    const created = await store.apiKeys.create(
      key('k1', { scope: 'admin', name: 'ops', expiresAt: 5_000 }),
      1_000,
    )
    expect(created).toEqual({
      id: 'k1',
      prefix: 'ik_k1',
      scope: 'admin',
      name: 'ops',
      createdAt: 1_000,
      expiresAt: 5_000,
      revokedAt: null,
      lastUsedAt: null,
    })
    expect(await store.apiKeys.findBySecretHash(secret('k1'))).toEqual(created)
    expect(await store.apiKeys.findById('k1')).toEqual(created)
    expect(await store.apiKeys.findBySecretHash(secret('absent'))).toBeNull()
    expect(await store.apiKeys.findById('absent')).toBeNull()
  })

  it('refuses a duplicate id or secret, and a scope it does not know', async () => {
    const store = await one()
    await store.apiKeys.create(key('k1'), 1)
    await expect(store.apiKeys.create(key('k1', { secretHash: secret('x') }), 2)).rejects.toThrow()
    await expect(store.apiKeys.create(key('k2', { secretHash: secret('k1') }), 2)).rejects.toThrow()
    await expect(
      store.apiKeys.create(key('k3', { scope: 'root' as NewApiKey['scope'] }), 2),
    ).rejects.toThrow()
    expect(await store.apiKeys.count()).toBe(1)
  })

  it('lists by creation time then id, and counts', async () => {
    const store = await one()
    expect(await store.apiKeys.count()).toBe(0)
    expect(await store.apiKeys.list()).toEqual([])
    await store.apiKeys.create(key('b'), 2)
    await store.apiKeys.create(key('c'), 1)
    await store.apiKeys.create(key('a'), 2)
    expect((await store.apiKeys.list()).map((k) => k.id)).toEqual(['c', 'a', 'b'])
    expect(await store.apiKeys.count()).toBe(3)
  })

  it('revokes once (a second revocation keeps the first time); null for an absent key', async () => {
    const store = await one()
    await store.apiKeys.create(key('k1'), 1)
    expect((await store.apiKeys.revoke('k1', 10))?.revokedAt).toBe(10)
    expect((await store.apiKeys.revoke('k1', 20))?.revokedAt).toBe(10)
    expect(await store.apiKeys.revoke('absent', 10)).toBeNull()
    expect((await store.apiKeys.findBySecretHash(secret('k1')))?.revokedAt).toBe(10)
  })

  it('touches last use, the latest touch kept; an absent key is no error', async () => {
    const store = await one()
    await store.apiKeys.create(key('k1'), 1)
    await store.apiKeys.touch('k1', 50)
    await store.apiKeys.touch('k1', 70)
    await store.apiKeys.touch('absent', 70)
    expect((await store.apiKeys.findById('k1'))?.lastUsedAt).toBe(70)
  })

  it('two replicas revoking at once agree on one revocation time', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    await a.apiKeys.create(key('k1'), 1)
    const [first, second] = await Promise.all([
      a.apiKeys.revoke('k1', 100),
      b.apiKeys.revoke('k1', 200),
    ])
    const stored = (await a.apiKeys.findById('k1'))!.revokedAt
    expect([100, 200]).toContain(stored)
    expect(first?.revokedAt).toBe(stored)
    expect(second?.revokedAt).toBe(stored)
  })
})
