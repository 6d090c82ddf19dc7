import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Command } from 'commander'
import { loadConfig } from '../config.ts'
import { openDb } from '../store/db.ts'
import { openPgDb } from '../store/pg/client.ts'
import { CopyRefused, copyFromSqlite, verifyCopy } from '../store/pg/copy-from-sqlite.ts'
import { migratePg } from '../store/pg/migrate.ts'
import { isPostgresUrl, redactedUrl } from '../database-url.ts'
import { databaseFailure } from './database.ts'
import { CliFailure } from './failure.ts'
import { EXIT, EXIT_HELP } from './options.ts'

/**
 * Copies a SQLite database into an empty PostgreSQL one: the way from one machine to replicas.
 * The source is opened read-only; the destination is migrated first, then filled chunk by
 * chunk (resumable), then verified by counts and checksums of every table.
 */
export function migrateToPostgresCommand(): Command {
  return new Command('migrate-to-postgres')
    .description(
      'Copy a SQLite database (--db or DB_PATH) into an empty PostgreSQL database (--to or DATABASE_URL); resumable, verified by counts and checksums.',
    )
    .option('--db <path>', 'the SQLite database file to copy (default: $DB_PATH)')
    .option('--to <url>', 'the PostgreSQL database, postgres://… (default: $DATABASE_URL)')
    .addHelpText(
      'after',
      '\nStop the service first (writes made during the copy would be missed), copy, then start\n' +
        'the replicas with DATABASE_URL and, unless ERASURE_SECRET was set, ERASURE_SECRET_FILE\n' +
        'pointing at a copy of the erasure-secret file beside the SQLite database. Interrupted,\n' +
        `run the same command again: it resumes after the last chunk copied.${EXIT_HELP}`,
    )
    .action(async (options: { db?: string; to?: string }) => {
      const config = loadConfig()
      const path = resolve(options.db ?? config.DB_PATH)
      const url = options.to ?? config.DATABASE_URL
      if (url === undefined || !isPostgresUrl(url))
        throw new CliFailure(
          'name the PostgreSQL database with --to postgres://… or DATABASE_URL',
          EXIT.usage,
        )
      if (!existsSync(path))
        throw new CliFailure(`no SQLite database at ${path}; name it with --db`, EXIT.config)
      let source: ReturnType<typeof openDb>
      try {
        source = openDb(path, { readonly: true })
      } catch (error) {
        throw databaseFailure(error, path) ?? error
      }
      const destination = openPgDb(url)
      const where = redactedUrl(url)
      try {
        await migratePg(destination).catch((error: unknown) => {
          throw databaseFailure(error, where) ?? error
        })
        process.stderr.write(`intent: copying ${path} into ${where}\n`)
        const started = performance.now()
        let lastTable = ''
        const copies = await copyFromSqlite(source, destination, (table, copied) => {
          if (table !== lastTable) process.stderr.write(`  ${table}\n`)
          lastTable = table
          void copied
        }).catch((error: unknown) => {
          if (error instanceof CopyRefused) throw new CliFailure(error.message, EXIT.config)
          throw error
        })
        for (const copy of copies)
          process.stdout.write(
            `copied ${copy.table}: ${copy.rows} rows${copy.resumed > 0 ? ` (${copy.resumed} by an earlier run)` : ''}\n`,
          )
        const checks = await verifyCopy(source, destination)
        const unequal = checks.filter((check) => !check.equal)
        for (const check of unequal)
          process.stdout.write(
            `MISMATCH ${check.table}: SQLite ${check.sqliteRows} rows sha256 ${check.sqliteSum}, PostgreSQL ${check.postgresRows} rows sha256 ${check.postgresSum}\n`,
          )
        if (unequal.length > 0)
          throw new CliFailure(`${unequal.length} tables differ after the copy`, EXIT.failure)
        const rows = checks.reduce((sum, check) => sum + check.sqliteRows, 0)
        process.stdout.write(
          `verified ${checks.length} tables, ${rows} rows: counts and checksums equal (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
        )
        const secretFile = join(dirname(path), 'erasure-secret')
        if (config.ERASURE_SECRET === undefined && existsSync(secretFile))
          process.stdout.write(
            `next: give every replica DATABASE_URL and ERASURE_SECRET_FILE=<a copy of ${secretFile}>, and SESSION_SECRET\n`,
          )
      } finally {
        source.close()
        await destination.close()
      }
    })
}
