import { Command, Option } from 'commander'
import { BadFileError, type ImportSummary, importFile } from '../jobs/import.ts'
import { ENTITIES, type Entity } from '../jobs/rows.ts'
import { withCtx } from './database.ts'
import { refuseUnwritable } from './output.ts'
import { progress } from './progress.ts'
import { dbOption, EXIT, EXIT_HELP } from './options.ts'

function formatOf(file: string, given: string | undefined): 'csv' | 'ndjson' {
  if (given === 'csv' || given === 'ndjson') return given
  if (/\.csv$/i.test(file)) return 'csv'
  return 'ndjson'
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      'Import accounts, contacts, signals or outcomes from a CSV or NDJSON file (by extension; - reads stdin).',
    )
    .argument('<entity>', ENTITIES.join('|'))
    .argument(
      '<file>',
      'a .csv or .ndjson file, or - for standard input (NDJSON unless --format csv)',
    )
    .addOption(
      new Option('--format <format>', 'override the format chosen by extension').choices([
        'csv',
        'ndjson',
      ]),
    )
    .option(
      '--rejects <path>',
      'where rejected rows go (default: FILE.rejects.ndjson, or ./rejects.ndjson for stdin)',
    )
    .option('--allow-rejects', 'exit 0 even when some rows were rejected')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `\nCSV columns are the field names, e.g. signals: id,type,account,contact,topic,action,occurredAt,weight,durationSeconds,source,url;\noutcomes: account,type,occurredAt,amount,id. A file with another extension is read as NDJSON.\nReruns import nothing twice: rows stored as they are count as "already there". The rejects\nfile is written only when a row is rejected. Sample files to try: examples/ (see its README).${EXIT_HELP}`,
    )
    .action(
      async (
        entity: string,
        file: string,
        options: { format?: string; rejects?: string; allowRejects?: boolean; db?: string },
      ) => {
        if (!(ENTITIES as readonly string[]).includes(entity)) {
          process.stderr.write(`intent import: the entity must be one of ${ENTITIES.join(', ')}\n`)
          process.exitCode = EXIT.usage
          return
        }
        const rejectsPath =
          options.rejects ?? (file === '-' ? 'rejects.ndjson' : `${file}.rejects.ndjson`)
        refuseUnwritable(rejectsPath, '--rejects')
        const bar = progress(`import ${entity}`)
        try {
          const summary = await withCtx(options.db, (ctx) =>
            importFile(ctx, {
              entity: entity as Entity,
              file,
              format: formatOf(file, options.format),
              rejectsPath,
              onProgress: ({ rows, bytes, totalBytes, summary: s }) =>
                bar.update(
                  bytes,
                  totalBytes,
                  `${rows.toLocaleString('en-US')} rows, ${s.imported} new, ${s.rejected} rejected`,
                ),
            }),
          )
          bar.stop()
          process.stdout.write(summaryLine(entity, summary, rejectsPath))
          if (summary.rejected > 0 && !options.allowRejects) process.exitCode = EXIT.rejected
        } catch (error) {
          bar.stop()
          if (!(error instanceof BadFileError)) throw error
          process.stderr.write(`intent import: ${error.message}\n`)
          process.exitCode = EXIT.badFile
        }
      },
    )
}

/** The one summary of a run: what was new, changed, already there, rejected or dropped. */
function summaryLine(entity: string, summary: ImportSummary, rejectsPath: string): string {
  const rate = Math.round(summary.rows / Math.max(summary.seconds, 1e-3))
  const counts = [
    `${summary.rows} rows read`,
    `${summary.imported} imported`,
    ...(summary.updated ? [`${summary.updated} updated`] : []),
    `${summary.duplicates} already there`,
    `${summary.rejected} rejected${summary.rejected ? ` (see ${rejectsPath})` : ''}`,
    ...(summary.suppressed
      ? [`${summary.suppressed} suppressed (they name erased people or accounts)`]
      : []),
    ...(summary.topicless
      ? [`${summary.topicless} stored without their topic (their account is at its topic limit)`]
      : []),
  ]
  return `${entity}: ${counts.join(', ')}; ${summary.seconds.toFixed(1)} s, ${rate} rows/s\n`
}
