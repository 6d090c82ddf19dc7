import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

/** Whether this run has a PostgreSQL server (CI always does: global-postgres fails otherwise). */
export const hasPostgres = (): boolean => inject('postgresUrl') !== ''

/** A new, empty database on the run's server, for one test or one file. */
export async function freshPostgresDatabase(): Promise<string> {
  const base = inject('postgresUrl')
  if (base === '') throw new Error('no PostgreSQL server in this run')
  const name = `t_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  return base.replace(/\/postgres$/, `/${name}`)
}
