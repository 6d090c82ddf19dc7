import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Db } from './db.ts'
import { registerFold } from './fold.ts'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url))
const FILE_NAME = /^(\d{4})-[a-z0-9-]+\.sql$/

export interface Migration {
  version: number
  name: string
  sql: string
}

export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError'
}

/**
 * Numbered, forward-only migrations; the file name's number is the schema version. Numbers
 * must rise strictly (two branches numbering the same version is refused); a gap is allowed,
 * so that a branch can take the number after one another branch holds: the database's version
 * is the number of the last migration applied, and every migration above it is pending.
 */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => FILE_NAME.test(file))
    .sort()
    .map((file) => ({
      version: Number(FILE_NAME.exec(file)![1]),
      name: file,
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }))
  migrations.forEach((migration, index) => {
    const previous = index === 0 ? 0 : migrations[index - 1]!.version
    if (migration.version <= previous) {
      throw new Error(
        `Migration ${migration.name} is out of sequence: its number must be above ${previous}`,
      )
    }
  })
  return migrations
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

export function latestSchemaVersion(migrations = loadMigrations()): number {
  return migrations.at(-1)?.version ?? 0
}

/**
 * Applies every pending migration in one transaction that then sets `user_version`, so a
 * failure leaves the database exactly as it was. A database written by newer code is refused
 * rather than guessed at.
 */
export function migrate(db: Db, migrations = loadMigrations()): { from: number; to: number } {
  const from = schemaVersion(db)
  const latest = latestSchemaVersion(migrations)
  if (from > latest) {
    throw new SchemaTooNewError(
      `The database is at schema version ${from}, but this version of the service knows only up to ${latest}. ` +
        'Upgrade the service, or point DB_PATH at another database.',
    )
  }
  if (from === latest) return { from, to: from }
  registerFold(db) // a migration may fold text as the store does
  db.transaction(() => {
    for (const migration of migrations) if (migration.version > from) db.exec(migration.sql)
    db.pragma(`user_version = ${latest}`)
  }).immediate()
  return { from, to: latest }
}
