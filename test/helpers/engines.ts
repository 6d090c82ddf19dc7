import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe } from 'vitest'
import type { Store, StoreOptions } from '../../src/store/index.ts'
import { openStore } from '../../src/store/index.ts'
import { createPgStore } from '../../src/store/pg/index.ts'
import { freshPostgresDatabase, hasPostgres } from './postgres.ts'

export type Engine = 'sqlite' | 'postgres'

export interface EngineUnderTest {
  engine: Engine
  /** A new, empty, migrated store of this engine; close it at the end of the test. */
  open(options?: StoreOptions): Promise<Store>
  /**
   * Two stores over one new database, as two replicas (PostgreSQL) or two processes on one
   * file (SQLite) would see it: for tests of concurrent writers and of what one sees of the other.
   */
  openPair(options?: StoreOptions): Promise<[Store, Store]>
}

const engines: EngineUnderTest[] = [
  {
    engine: 'sqlite',
    open: async (options) => openStore(':memory:', options),
    async openPair(options) {
      const file = join(mkdtempSync(join(tmpdir(), 'intent-pair-')), 'intent.db')
      return [openStore(file, options), openStore(file, options)]
    },
  },
  {
    engine: 'postgres',
    async open(options) {
      const store = createPgStore(await freshPostgresDatabase(), options)
      await store.ready
      return store
    },
    async openPair(options) {
      const url = await freshPostgresDatabase()
      const pair = [createPgStore(url, options), createPgStore(url, options)] as const
      await Promise.all(pair.map((store) => store.ready))
      return [pair[0], pair[1]]
    },
  },
]

let noticed = false

/**
 * The same tests against every engine: `body` runs once per engine inside a describe named
 * after it. Without a PostgreSQL server (locally) the PostgreSQL half is skipped with a notice;
 * under CI=true the global setup fails instead, so CI always runs both.
 */
export function describeEachEngine(name: string, body: (under: EngineUnderTest) => void): void {
  for (const under of engines) {
    const skip = under.engine === 'postgres' && !hasPostgres()
    if (skip && !noticed) {
      noticed = true
      console.warn('[postgres] no server in this run: PostgreSQL halves of the store tests skipped')
    }
    ;(skip ? describe.skip : describe)(`${name} [${under.engine}]`, () => body(under))
  }
}
