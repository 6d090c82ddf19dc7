import { createHash } from 'node:crypto'
import { afterEach, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'

const hash = (name: string) => createHash('sha256').update(name).digest()
const HOUR = 3_600_000

describeEachEngine('sessions', ({ open, openPair }) => {
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

  it('finds a live session by its id hash, not an expired or unknown one', async () => {
    const store = await one()
    const env = hash('env-key')
    await store.sessions.create(
      hash('s1'),
      { keyId: 'k1', envKeyHash: env, createdAt: 1_000, expiresAt: 1_000 + HOUR },
      5,
    )
    await store.sessions.create(
      hash('s2'),
      { keyId: 'k1', envKeyHash: null, createdAt: 1_000, expiresAt: 1_000 + HOUR },
      5,
    )
    expect(await store.sessions.find(hash('s1'), 2_000)).toEqual({
      keyId: 'k1',
      envKeyHash: env,
      createdAt: 1_000,
      expiresAt: 1_000 + HOUR,
    })
    expect((await store.sessions.find(hash('s2'), 2_000))?.envKeyHash).toBeNull()
    expect(await store.sessions.find(hash('s1'), 1_000 + HOUR)).toBeNull() // expired at its end
    expect(await store.sessions.find(hash('unknown'), 2_000)).toBeNull()
  })

  it('refuses a second session with the same id hash', async () => {
    const store = await one()
    const record = { keyId: 'k1', envKeyHash: null, createdAt: 1, expiresAt: HOUR }
    await store.sessions.create(hash('s'), record, 5)
    await expect(store.sessions.create(hash('s'), { ...record, keyId: 'k2' }, 5)).rejects.toThrow()
    expect((await store.sessions.find(hash('s'), 2))?.keyId).toBe('k1')
  })

  it('keeps a key newest sessions (ties by id hash) and drops expired ones of any key', async () => {
    const store = await one()
    const make = (name: string, keyId: string, createdAt: number, expiresAt = createdAt + HOUR) =>
      store.sessions.create(hash(name), { keyId, envKeyHash: null, createdAt, expiresAt }, 3)
    await make('other-short', 'k2', 0, 50)
    await make('a', 'k1', 10)
    await make('b', 'k1', 20)
    await make('c', 'k1', 20)
    await make('d', 'k1', 20)
    await make('e', 'k1', 30)
    const live = async (names: string[]) => {
      const found: string[] = []
      for (const name of names) if (await store.sessions.find(hash(name), 40)) found.push(name)
      return found
    }
    // e is newest; of b, c, d (one time) the two with the highest id hashes stay.
    const tied = ['b', 'c', 'd'].sort((x, y) => Buffer.compare(hash(y), hash(x))).slice(0, 2)
    expect(await live(['a', 'b', 'c', 'd', 'e'])).toEqual(
      ['b', 'c', 'd', 'e'].filter((n) => n === 'e' || tied.includes(n)),
    )
    // The k2 session expired at 50: the next create (at 60) removes it, whatever its key.
    await store.sessions.create(
      hash('f'),
      { keyId: 'k3', envKeyHash: null, createdAt: 60, expiresAt: 60 + HOUR },
      3,
    )
    expect(await store.sessions.deleteForKey('k2')).toBe(0)
  })

  it('deletes one session, and all of a key counting them', async () => {
    const store = await one()
    for (const name of ['x', 'y', 'z'])
      await store.sessions.create(
        hash(name),
        { keyId: name === 'z' ? 'k2' : 'k1', envKeyHash: null, createdAt: 1, expiresAt: HOUR },
        5,
      )
    await store.sessions.delete(hash('x'))
    await store.sessions.delete(hash('never'))
    expect(await store.sessions.find(hash('x'), 2)).toBeNull()
    expect(await store.sessions.deleteForKey('k1')).toBe(1)
    expect(await store.sessions.deleteForKey('k1')).toBe(0)
    expect(await store.sessions.find(hash('y'), 2)).toBeNull()
    expect((await store.sessions.find(hash('z'), 2))?.keyId).toBe('k2')
  })

  it('keeps at most N of a key when two replicas sign in at once', async () => {
    const [a, b] = await openPair()
    stores.push(a, b)
    const names = Array.from({ length: 16 }, (_, i) => `race-${i}`)
    await Promise.all(
      names.map((name, i) =>
        (i % 2 === 0 ? a : b).sessions.create(
          hash(name),
          { keyId: 'k', envKeyHash: null, createdAt: 100 + i, expiresAt: 100 + i + HOUR },
          3,
        ),
      ),
    )
    let live = 0
    for (const name of names) if (await a.sessions.find(hash(name), 200)) live++
    expect(live).toBe(3)
    expect(await b.sessions.deleteForKey('k')).toBe(3)
  })
})
