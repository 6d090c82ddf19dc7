import type { TestProject } from 'vitest/node'
import { postgresBinDir, type PostgresServer, startPostgres } from './helpers/postgres-server.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL server's URL, or '' when this machine has none. */
    postgresUrl: string
  }
}

let server: PostgresServer | undefined

/** One PostgreSQL server for the whole run; each test file makes its own databases on it. */
export async function setup(project: TestProject) {
  const binDir = postgresBinDir()
  if (binDir === null) {
    if (process.env.CI === 'true')
      throw new Error(
        'CI=true: the PostgreSQL tests must run, but no PostgreSQL server binaries were found',
      )
    console.warn(
      '[postgres] no PostgreSQL server on this machine: the PostgreSQL engine tests are skipped',
    )
    project.provide('postgresUrl', '')
    return
  }
  server = await startPostgres(binDir)
  project.provide('postgresUrl', server.url)
}

export async function teardown() {
  await server?.stop()
}
