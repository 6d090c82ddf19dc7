import { countAccounts } from '../domain/accounts.ts'
import type { Ctx } from '../domain/context.ts'
import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Command, Option } from 'commander'
import { trainAndActivate } from '../domain/models.ts'
import { modelReport } from '../jobs/model-report.ts'
import { MIN_WORKER_BOOK, type ScoreRow, SCORE_COLUMNS, scoreAll } from '../jobs/score-all.ts'
import { withCtx } from './database.ts'
import { refuseUnwritable, rowWriter } from './output.ts'
import { progress } from './progress.ts'
import {
  dbOption,
  EXIT,
  EXIT_HELP,
  parseCount,
  parseInstant,
  parsePositiveInt,
  parseShardOption,
} from './options.ts'
import type { Shard } from '../shard.ts'

const formatOption = () =>
  new Option('--format <format>', 'csv or ndjson (default: by --out extension, else csv)').choices([
    'csv',
    'ndjson',
  ])
const formatFor = (out: string | undefined, given: string | undefined): 'csv' | 'ndjson' =>
  given === 'ndjson' || given === 'csv' ? given : out?.endsWith('.ndjson') ? 'ndjson' : 'csv'

/**
 * On 2 cores a worker does not pay: with quiet accounts sharing one score, storing and the
 * peer baselines are most of the main thread's work, and a worker measured the same speed
 * (5.8–5.9k accounts/s against 4.4–6.1k on 100,000 accounts) for 110 MB more (BENCHMARKS.md).
 */
const MIN_WORKER_CORES = 3

async function defaultWorkers(ctx: Ctx): Promise<number> {
  const cores = availableParallelism()
  if (cores < MIN_WORKER_CORES) return 0
  return (await countAccounts(ctx)) >= MIN_WORKER_BOOK ? cores - 1 : 0
}

export function scoreCommand(): Command {
  return new Command('score')
    .description(
      'Rescore every account, store the scores and their history, and write one row per account.',
    )
    .requiredOption('--all', 'score every account (required: the only mode today)')
    .option('--as-of <date>', 'score as of this date or instant (default: now)', parseInstant)
    .option('--out <file>', 'write rows here (default: stdout)')
    .option(
      '--workers <n>',
      `worker threads that score pages while this one stores them (default: one per core but one on ${MIN_WORKER_CORES}+ cores, for books of ${MIN_WORKER_BOOK.toLocaleString('en-US')}+ accounts; 0: this thread only)`,
      parseCount,
    )
    .option(
      '--shard <K/N>',
      'score only the K-th of N parts of the accounts by id (1/4 … 4/4 on four machines), with its own checkpoint',
      parseShardOption,
    )
    .addOption(formatOption())
    .addOption(dbOption())
    .addHelpText(
      'after',
      `\nCSV header: ${SCORE_COLUMNS.join(',')}. Ctrl-C stops after the current account (with workers, after the pages in progress); rerunning with the same --as-of resumes.${EXIT_HELP}`,
    )
    .action(
      async (options: {
        asOf?: number
        out?: string
        format?: string
        db?: string
        workers?: number
        shard?: Shard
      }) => {
        let stop = false
        const onSignal = () => {
          stop = true
        }
        process.once('SIGINT', onSignal)
        process.once('SIGTERM', onSignal)
        if (options.out !== undefined) refuseUnwritable(options.out, '--out')
        const bar = progress('score')
        await withCtx(options.db, async (ctx) => {
          const asOf = options.asOf ?? ctx.clock.now()
          const writer = rowWriter<ScoreRow>(
            options.out,
            formatFor(options.out, options.format),
            SCORE_COLUMNS,
            true,
          )
          const started = performance.now()
          const result = await scoreAll(ctx, {
            asOf,
            write: (row) => writer.write(row),
            // A reader that went away (`| head`) has what it wanted: stop, as after Ctrl-C.
            shouldStop: () => stop || writer.closed,
            workers: options.workers ?? (await defaultWorkers(ctx)),
            shard: options.shard ?? null,
            onProgress: (done) =>
              bar.update(done, null, `${done.toLocaleString('en-US')} accounts`),
          })
          await writer.close()
          bar.stop()
          if (writer.closed) return
          const seconds = (performance.now() - started) / 1000
          process.stderr.write(
            `${result.interrupted ? 'interrupted: ' : ''}scored ${result.scored} accounts${options.shard ? ` of part ${options.shard.index}/${options.shard.count}` : ''}${result.resumedAfter ? ` (resumed after ${result.resumedAfter})` : ''} in ${seconds.toFixed(1)} s, ${Math.round(result.scored / Math.max(seconds, 1e-3))} accounts/s\n`,
          )
          if (result.interrupted) process.exitCode = EXIT.interrupted
        })
      },
    )
}

export function trainCommand(): Command {
  return new Command('train')
    .description(
      'Fit the in-market model on the outcomes in the database, print holdout metrics, activate it unless worse.',
    )
    .option('--as-of <date>', 'train on what was known by then (default: now)', parseInstant)
    .option(
      '--horizon <days>',
      'days after a snapshot in which an opportunity counts',
      parsePositiveInt,
      90,
    )
    .option('--out <file>', 'also write the model JSON here')
    .option(
      '--report',
      'print the full backtest: held-out figures beside a plain logistic baseline, calibration, strongest terms',
    )
    .option('--no-activate', 'save the model without activating it')
    .option('--force', 'activate even when worse than the active model')
    .addOption(dbOption())
    .addHelpText('after', EXIT_HELP)
    .action(
      async (options: {
        asOf?: number
        horizon: number
        out?: string
        activate: boolean
        force?: boolean
        report?: boolean
        db?: string
      }) => {
        if (options.out !== undefined) refuseUnwritable(options.out, '--out')
        await withCtx(options.db, async (ctx) => {
          const outcome = await trainAndActivate(ctx, {
            asOf: options.asOf ?? ctx.clock.now(),
            horizonDays: options.horizon,
            activate: options.activate,
            force: options.force ?? false,
          })
          if (!outcome.trained) {
            process.stderr.write(`not trained: ${outcome.reason}\n`)
            process.exitCode = EXIT.failure
            return
          }
          const { model } = outcome
          const m = model.metrics
          process.stdout.write(
            options.report
              ? modelReport(model)
              : `model ${model.id}: ${model.samples.positives} positive / ${model.samples.negatives} negative snapshots\n` +
                  `held out: ROC AUC ${m.auc?.toFixed(3) ?? '–'} (plain logistic ${m.baseline?.auc?.toFixed(3) ?? '–'}), log loss ${m.logLoss?.toFixed(3) ?? '–'}, Brier ${m.brier?.toFixed(3) ?? '–'}\n`,
          )
          process.stdout.write(
            `${outcome.activated ? 'activated' : 'not activated'}: ${outcome.reason}\n`,
          )
          if (options.out) writeFileSync(options.out, `${JSON.stringify(model, null, 2)}\n`)
        })
      },
    )
}
