import { Command } from 'commander'
import { retopic } from '../jobs/retopic.ts'
import { withCtx } from './database.ts'
import { dbOption, EXIT, EXIT_HELP } from './options.ts'
import { progress } from './progress.ts'

const count = (n: number) => n.toLocaleString('en-US')

export function retopicCommand(): Command {
  return new Command('retopic')
    .description(
      'Give stored topic-less signals the topic the current taxonomy derives from their url, title or query, and rebuild the rollups they change.',
    )
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nSignals that have a topic, or whose sender named one, are never changed. Accounts whose rollups change are marked for rescoring. Ctrl-C stops after the current page; rerunning resumes (with the same taxonomy).' +
        EXIT_HELP,
    )
    .action(async (options: { db?: string }) => {
      let stop = false
      const onSignal = () => {
        stop = true
      }
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      const bar = progress('retopic')
      await withCtx(options.db, async (ctx) => {
        const started = performance.now()
        const result = await retopic(ctx, {
          shouldStop: () => stop,
          onProgress: (done, total) => bar.update(done, total, `${count(done)} signals`),
        })
        bar.stop()
        const seconds = (performance.now() - started) / 1000
        process.stderr.write(
          `${result.interrupted ? 'interrupted: ' : ''}examined ${count(result.examined)} topic-less signals${result.resumedAfter ? ` (resumed after ${count(result.resumedAfter)})` : ''}: ` +
            `${count(result.retopiced)} got a topic, on ${count(result.accounts)} accounts` +
            `${result.capped ? `; ${count(result.capped)} left without one by the topic limit` : ''} in ${seconds.toFixed(1)} s\n`,
        )
        if (result.interrupted) process.exitCode = EXIT.interrupted
      })
    })
}
