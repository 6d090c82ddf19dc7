import { Command } from 'commander'
import { ConfigError } from '../config.ts'
import { SchemaTooNewError } from '../store/migrate.ts'
import { backupCommand } from './backup.ts'
import { scoreCommand, trainCommand } from './batch.ts'
import { demoCommand } from './demo.ts'
import { exportCommand } from './export.ts'
import { importCommand } from './import.ts'
import { keysCommand } from './keys.ts'
import { EXIT, EXIT_HELP } from './options.ts'
import { serveCommand } from './serve.ts'

const program = new Command('intent')
  .description('B2B intent scoring: serve the API and run batch jobs on its SQLite database.')
  .addHelpText(
    'after',
    `${EXIT_HELP}\nEnvironment: PORT, HOST, DB_PATH, ADMIN_API_KEY, LOG_LEVEL, MAX_BODY_BYTES, MODELS_DIR, SCORING_CONFIG (see README).`,
  )
  .exitOverride()

program.addCommand(serveCommand())
program.addCommand(importCommand())
program.addCommand(scoreCommand())
program.addCommand(trainCommand())
program.addCommand(exportCommand())
program.addCommand(demoCommand())
program.addCommand(backupCommand())
program.addCommand(keysCommand())

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
  if (
    code === 'commander.helpDisplayed' ||
    code === 'commander.version' ||
    code === 'commander.help'
  ) {
    process.exitCode = EXIT.ok
  } else if (code?.startsWith('commander.')) {
    process.exitCode = EXIT.usage
  } else if (error instanceof ConfigError || error instanceof SchemaTooNewError) {
    process.stderr.write(`${error.message}\n`)
    process.exitCode = EXIT.config
  } else {
    process.stderr.write(
      `intent: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = EXIT.failure
  }
}
