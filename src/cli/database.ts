import { accessSync, constants, existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { type Config, loadConfig } from '../config.ts'
import { buildContext, type Runtime } from '../composition-root.ts'
import type { Ctx } from '../domain/context.ts'
import { databaseReady } from '../domain/database.ts'
import { verifyErasureSecret } from '../domain/suppressions.ts'
import { createLogger } from '../logger.ts'
import { redactedUrl } from '../database-url.ts'
import { CliFailure, errnoOf, fsReason } from './failure.ts'
import { EXIT } from './options.ts'

/**
 * The one place the CLI decides which database a command uses, so that every command (serve
 * included) can say so: a new file made by a mistyped DB_PATH is otherwise easy to miss.
 */
export interface CliDatabase {
  /** The configuration, with DB_PATH made absolute. */
  config: Config
  /** The absolute path, or ':memory:'. */
  path: string
  existed: boolean
}

const IN_MEMORY = ':memory:'

/** The configuration with `--db` over DB_PATH, refusing a path no database can be made at. */
export function cliDatabase(db: string | undefined): CliDatabase {
  const loaded = loadConfig()
  // DATABASE_URL names a PostgreSQL server, unless --db names a SQLite file for this command.
  if (db === undefined && loaded.DATABASE_URL !== undefined)
    return { config: loaded, path: redactedUrl(loaded.DATABASE_URL), existed: true }
  if (db !== undefined) loaded.DATABASE_URL = undefined
  const given = db ?? loaded.DB_PATH
  if (given === IN_MEMORY) return { config: loaded, path: IN_MEMORY, existed: false }
  const path = resolve(given)
  refuseUnusable(path)
  return { config: { ...loaded, DB_PATH: path }, path, existed: existsSync(path) }
}

/**
 * Fails early, before anything is created, on the path mistakes no open could survive. The
 * folder must be writable even for an existing file: SQLite keeps its -wal and -shm files, and
 * the erasure secret is kept, beside it.
 */
function refuseUnusable(path: string): void {
  const hint = 'set DB_PATH or --db to another path'
  const exists = existsSync(path)
  if (exists && statSync(path).isDirectory())
    throw new CliFailure(
      `the database path ${path} is a folder; set DB_PATH or --db to a file, e.g. ${join(path, 'intent.db')}`,
      EXIT.config,
    )
  let folder = dirname(path)
  while (!existsSync(folder)) folder = dirname(folder)
  if (!statSync(folder).isDirectory())
    throw new CliFailure(
      `cannot create a database at ${path}: ${folder} is a file, not a folder; ${hint}`,
      EXIT.config,
    )
  if (!allowed(folder, constants.W_OK | constants.X_OK))
    throw new CliFailure(
      `cannot use a database at ${path}: this user may not write in ${folder}; fix its permissions, or ${hint}`,
      EXIT.config,
    )
  if (exists && !allowed(path, constants.R_OK | constants.W_OK))
    throw new CliFailure(
      `cannot open the database at ${path}: this user may not read and write it; fix its permissions, or ${hint}`,
      EXIT.config,
    )
}

function allowed(path: string, mode: number): boolean {
  try {
    accessSync(path, mode)
    return true
  } catch {
    return false
  }
}

/** SQLite's and the file system's refusals, as one line naming the path and what to do. */
export function databaseFailure(error: unknown, path: string): CliFailure | undefined {
  const server = postgresFailure(error, path)
  if (server !== undefined) return server
  const code = errnoOf(error)
  const hint = 'set DB_PATH or --db to the service database, or to a new file'
  if (code === 'SQLITE_NOTADB')
    return new CliFailure(`${path} is not a SQLite database (or is damaged); ${hint}`, EXIT.config)
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code?.startsWith('SQLITE_READONLY'))
    return new CliFailure(
      `cannot open the database at ${path}: its file or folder is not readable and writable by this user; fix the permissions, or ${hint}`,
      EXIT.config,
    )
  const reason = fsReason(error)
  if (reason !== undefined)
    return new CliFailure(`cannot use the database at ${path}: ${reason}; ${hint}`, EXIT.config)
  return undefined
}

/** PostgreSQL's refusals (unreachable, wrong password, no such database), as one line. */
function postgresFailure(error: unknown, url: string): CliFailure | undefined {
  if (!url.startsWith('postgres')) return undefined
  const { code, message } = error as { code?: string; message?: string }
  const hint = 'check DATABASE_URL'
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'ETIMEDOUT' ||
    code === 'EAI_AGAIN'
  )
    return new CliFailure(
      `cannot reach the PostgreSQL server of ${url} (${code}); ${hint}`,
      EXIT.unavailable,
    )
  if (code === '28P01' || code === '28000')
    return new CliFailure(
      `PostgreSQL refused the credentials of ${url}: ${message}; ${hint}`,
      EXIT.config,
    )
  if (code === '3D000')
    return new CliFailure(
      `${message} on the server of ${url}; create it (createdb) or ${hint}`,
      EXIT.config,
    )
  return undefined
}

/** Builds the context, turning an unusable database into a one-line failure. */
export function openContext(database: CliDatabase): Runtime {
  try {
    return buildContext(database.config, { logger: createLogger('silent') })
  } catch (error) {
    throw databaseFailure(error, database.path) ?? error
  }
}

/** One line on stderr, so stdout stays data: which database, and whether it was just made. */
export function announceDatabase(database: CliDatabase): void {
  const line = database.path.startsWith('postgres')
    ? `using the PostgreSQL database at ${database.path}`
    : database.path === IN_MEMORY
      ? 'using an in-memory database (DB_PATH=:memory:): nothing is kept'
      : database.existed
        ? `using the database at ${database.path}`
        : existsSync(database.path)
          ? `created a new database at ${database.path} (none existed; set DB_PATH or --db to use another)`
          : undefined
  if (line !== undefined) process.stderr.write(`intent: ${line}\n`)
}

/**
 * A context for one command: the database opened and named, quiet logs, and stopped when done
 * (work it began awaited, then the database closed).
 */
export async function withCtx<T>(
  db: string | undefined,
  work: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  const database = cliDatabase(db)
  const ctx = openContext(database)
  announceDatabase(database)
  try {
    await databaseReady(ctx).catch((error: unknown) => {
      throw databaseFailure(error, database.path) ?? error
    })
    await verifyErasureSecret(ctx)
    return await work(ctx)
  } finally {
    await ctx.stop()
  }
}
