import { Command } from 'commander'
import { liftSuppression } from '../domain/suppressions.ts'
import { AppError } from '../errors.ts'
import { withCtx } from './database.ts'
import { dbOption, EXIT, EXIT_HELP } from './options.ts'

export function suppressionsCommand(): Command {
  const suppressions = new Command('suppressions')
    .description(
      'Erased people and accounts stay suppressed: later input naming them is dropped. Lift one here.',
    )
    .addHelpText('after', EXIT_HELP)

  suppressions
    .command('lift')
    .description(
      'Let an erased e-mail address or domain be stored again (its erased data does not come back).',
    )
    .argument('<target>', 'the erased e-mail address or domain')
    .addOption(dbOption())
    .action(async (target: string, options: { db?: string }) => {
      await withCtx(options.db, async (ctx) => {
        try {
          await liftSuppression(ctx, target, 'cli')
          process.stdout.write('lifted: it may be stored again\n')
        } catch (error) {
          if (!(error instanceof AppError)) throw error
          const reason = error.issues[0]?.message ?? error.message
          process.stderr.write(`intent suppressions lift: ${reason}\n`)
          process.exitCode = error.code === 'not_found' ? EXIT.failure : EXIT.usage
        }
      })
    })

  return suppressions
}
