import { Command } from 'commander'
import { ListenError, startServer } from '../server.ts'
import { announceDatabase, cliDatabase, databaseFailure } from './database.ts'
import { CliFailure } from './failure.ts'
import { dbOption, EXIT, EXIT_HELP } from './options.ts'

/** A port or host that cannot be had, as what to do about it. */
function listenFailure(error: ListenError): CliFailure {
  const where = `port ${error.port} on ${error.host}`
  switch (error.code) {
    case 'EADDRINUSE':
      return new CliFailure(
        `${where} is already in use (another intent serve?); stop that process, or set PORT to another port (0 picks a free one)`,
        EXIT.unavailable,
      )
    case 'EACCES':
      return new CliFailure(
        `${where} needs privileges this user does not have; set PORT to 1024 or above`,
        EXIT.unavailable,
      )
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new CliFailure(
        `cannot listen on ${error.host}: it is not an address of this machine; set HOST (127.0.0.1, or 0.0.0.0 for every interface)`,
        EXIT.config,
      )
    default:
      return new CliFailure(error.message, EXIT.unavailable)
  }
}

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'Serve the HTTP API (the same as `npm start`). SIGTERM or Ctrl-C drains and stops it.',
    )
    .addOption(dbOption())
    .addHelpText('after', EXIT_HELP)
    .action(async (options: { db?: string }) => {
      const database = cliDatabase(options.db)
      // Handlers first: the server logs "listening" before startServer returns, and a SIGTERM
      // sent on seeing that line must drain and stop it, not kill the process mid-start.
      let server: Awaited<ReturnType<typeof startServer>> | undefined
      let stopAsked = false
      const stop = () => {
        stopAsked = true
        if (server) void server.close().then(() => process.exit(0))
      }
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
      server = await startServer(database.config)
        .catch((error: unknown) => {
          throw error instanceof ListenError
            ? listenFailure(error)
            : (databaseFailure(error, database.path) ?? error)
        })
        .finally(() => announceDatabase(database))
      if (stopAsked) stop()
    })
}
