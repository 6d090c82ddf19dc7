import { Command } from 'commander'
import { ConfigError } from '../config.ts'
import { relativePaths } from '../logger.ts'
import { storageFaultOf } from '../store/faults.ts'
import { SchemaTooNewError } from '../store/migrate.ts'
import { environmentHelp } from './environment.ts'
import { CliFailure, errnoOf } from './failure.ts'
import { EXIT, EXIT_HELP } from './options.ts'

/**
 * Each subcommand's module, loaded only when that subcommand runs (or for the full help):
 * `intent serve` then starts without loading the CSV, fixture and training code it never uses.
 */
const SUBCOMMANDS: Record<string, () => Promise<Command[]>> = {
  serve: async () => [(await import('./serve.ts')).serveCommand()],
  import: async () => [(await import('./import.ts')).importCommand()],
  score: async () => [(await import('./batch.ts')).scoreCommand()],
  train: async () => [(await import('./batch.ts')).trainCommand()],
  retopic: async () => [(await import('./retopic.ts')).retopicCommand()],
  export: async () => [(await import('./export.ts')).exportCommand()],
  demo: async () => [(await import('./demo.ts')).demoCommand()],
  backup: async () => [(await import('./backup.ts')).backupCommand()],
  keys: async () => [(await import('./keys.ts')).keysCommand()],
  suppressions: async () => [(await import('./suppressions.ts')).suppressionsCommand()],
  'migrate-to-postgres': async () => [
    (await import('./migrate-to-postgres.ts')).migrateToPostgresCommand(),
  ],
}

const program = new Command('intent')
  .description('B2B intent scoring: serve the API and run batch jobs on its SQLite database.')
  .addHelpText('after', () => `${EXIT_HELP}\n${environmentHelp()}`)
  .exitOverride()

// `intent … | head`: the reader closing stdout is not a failure. Row writers stop on it (see
// output.ts); any other output just ends. Other stdout errors stay errors.
process.stdout.on('error', (error) => {
  if (errnoOf(error) !== 'EPIPE') throw error
})

const requested = process.argv[2]
const load =
  requested !== undefined && Object.hasOwn(SUBCOMMANDS, requested)
    ? [SUBCOMMANDS[requested]!]
    : Object.values(SUBCOMMANDS)
for (const commands of await Promise.all(load.map((build) => build())))
  for (const command of commands) program.addCommand(command)

/** Usage errors throw instead of exiting, at every level, so they map to exit code 2 below. */
function overrideExits(command: Command): void {
  command.exitOverride()
  for (const sub of command.commands) overrideExits(sub)
}
overrideExits(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  const code = (error as { code?: string }).code
  const fault = storageFaultOf(error)
  if (
    code === 'commander.helpDisplayed' ||
    code === 'commander.version' ||
    code === 'commander.help'
  ) {
    process.exitCode = EXIT.ok
  } else if (code?.startsWith('commander.')) {
    process.exitCode = EXIT.usage
  } else if (error instanceof CliFailure) {
    process.stderr.write(`intent: ${error.message}\n`)
    process.exitCode = error.exitCode
  } else if (fault === 'busy') {
    // Another process held the write lock past the busy timeout: nothing was half-written.
    process.stderr.write(
      'intent: the database is locked by another process (a long write, a backup or a batch job); nothing was changed, retry when it is done\n',
    )
    process.exitCode = EXIT.unavailable
  } else if (fault === 'full' || fault === 'unavailable') {
    // The transaction in flight was rolled back: what was stored before is all there.
    const what =
      fault === 'full'
        ? 'the disk under the database is full'
        : 'the storage under the database cannot be written'
    const then = fault === 'full' ? 'free space, then run the command again' : 'run it again'
    process.stderr.write(
      `intent: ${what} (${errnoOf(error)}); the write in progress was rolled back and nothing stored before is lost; ${then}\n`,
    )
    process.exitCode = EXIT.unavailable
  } else if (error instanceof ConfigError || error instanceof SchemaTooNewError) {
    process.stderr.write(`${error.message}\n`)
    process.exitCode = EXIT.config
  } else {
    process.stderr.write(
      `intent: ${relativePaths(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    )
    process.exitCode = EXIT.failure
  }
}
