import { existsSync } from 'node:fs'
import { Command } from 'commander'
import { dbOption, EXIT, EXIT_HELP, withCtx } from './options.ts'

export function backupCommand(): Command {
  return new Command('backup')
    .description(
      "Copy the database consistently with SQLite's online backup; safe while the service runs.",
    )
    .argument('<file>', 'where to write the copy (must not exist)')
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
      await withCtx(options.db, async (ctx) => {
        const started = performance.now()
        const { pages } = await ctx.store.backup(file)
        process.stdout.write(
          `backed up ${pages} pages to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        )
      })
    })
}
