import { backupDatabase, databaseEngine } from '../domain/database.ts'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { withCtx } from './database.ts'
import { CliFailure, errnoOf, fsReason } from './failure.ts'
import { dbOption, EXIT, EXIT_HELP } from './options.ts'
import { refuseUnwritable } from './output.ts'

export function backupCommand(): Command {
  return new Command('backup')
    .description(
      "Copy the database consistently with SQLite's online backup; safe while the service runs.",
    )
    .argument('<file>', 'where to write the copy (must not exist; its folder must)')
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nTo restore: stop the service, replace DB_PATH with the copy (remove any DB_PATH-wal and\n' +
        'DB_PATH-shm files beside it), start the service. Keep the erasure-secret file beside the\n' +
        `database with the copy, unless ERASURE_SECRET is set.${EXIT_HELP}`,
    )
    .action(async (file: string, options: { db?: string }) => {
      if (existsSync(file)) {
        process.stderr.write(`intent backup: ${file} exists; choose a new file\n`)
        process.exitCode = EXIT.usage
        return
      }
      refuseUnwritable(file, 'file')
      await withCtx(options.db, async (ctx) => {
        if (databaseEngine(ctx) === 'postgres')
          throw new CliFailure(
            'intent backup copies a SQLite file; this service runs on PostgreSQL (DATABASE_URL): use pg_dump, or a base backup with WAL archiving for point-in-time recovery (docs/scale-out.md)',
            EXIT.usage,
          )
        const started = performance.now()
        const { pages } = await backupDatabase(ctx, file).catch((error: unknown) => {
          throw backupFailure(error, file) ?? error
        })
        process.stdout.write(
          `backed up ${pages} pages to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        )
      })
    })
}

/** SQLite opens the copy itself, so its refusals arrive as SQLite's codes, not the file system's. */
function backupFailure(error: unknown, file: string): CliFailure | undefined {
  const reason =
    errnoOf(error) === 'SQLITE_CANTOPEN' || errnoOf(error) === 'SQLITE_READONLY'
      ? 'its folder is not writable by this user'
      : fsReason(error)
  if (reason === undefined) return undefined
  return new CliFailure(
    `cannot write the backup to ${resolve(file)}: ${reason}; choose another file`,
    EXIT.unavailable,
  )
}
