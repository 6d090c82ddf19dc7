import { Command } from 'commander'
import { startServer } from '../server.ts'
import { configWithDb, dbOption, EXIT_HELP } from './options.ts'

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'Serve the HTTP API (the same as `npm start`). SIGTERM or Ctrl-C drains and stops it.',
    )
    .addOption(dbOption())
    .addHelpText('after', EXIT_HELP)
    .action(async (options: { db?: string }) => {
      const server = await startServer(configWithDb(options.db))
      const stop = () => void server.close().then(() => process.exit(0))
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    })
}
